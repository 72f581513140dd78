package dev.jcluster.bench;

import dev.jcluster.protocol.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The side-by-side table: ipyparallel, jcluster, how many times better jcluster is, noise, the floor. */
final class Table {
    private Table() {
    }

    static String render(RuntimeBench.Results ours, IpyparallelRun ipp, RuntimeBench.Results floor, int runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-46s %14s %14s %8s   %-22s %s%n", "median of " + runs + " runs", "ipyparallel",
                "jcluster", "better", "jcluster min-max", "floor"));
        for (String metric : ours.values.keySet()) {
            String unit = ours.units.get(metric);
            double j = RuntimeBench.Results.median(ours.values(metric));
            double i = ipp.ran() ? RuntimeBench.Results.median(ipp.results().values(metric)) : Double.NaN;
            boolean lowerIsBetter = unit.equals("s") || unit.equals("us");
            double better = lowerIsBetter ? i / j : j / i;
            List<Double> f = floor.values(metric);
            sb.append(String.format(Locale.ROOT, "%-46s %14s %14s %8s   %-22s %s%n", metric,
                    cell(i, unit), cell(j, unit),
                    Double.isNaN(better) ? "-" : String.format(Locale.ROOT, "%.1fx", better),
                    RuntimeBench.Results.noise(ours.values(metric)),
                    f.isEmpty() ? "" : cell(f.get(0), unit)));
        }
        if (!ipp.ran()) {
            sb.append("ipyparallel: ").append(ipp.why()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(double v, String unit) {
        return Double.isNaN(v) ? "-" : RuntimeBench.Results.format(v) + " " + unit;
    }

    static String markdown(String table, String ippVersion, int runs) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        return "# Runtime benchmark results\n\n"
                + "- date: " + LocalDate.now() + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap for the bench JVM\n"
                + "- versions: Java " + Runtime.version() + ", jcluster " + Version.CURRENT
                + ", ipyparallel " + (ippVersion.isEmpty() ? "(not run)" : ippVersion) + "\n"
                + "- command: `bench/run.sh " + runs + "` (each figure the median of " + runs
                + " fresh clusters; min-max shows the machine's noise)\n"
                + "- floor: a bare Java socket on loopback (round trip; one stream for push and pull), and the"
                + " speedup of the same spins on two threads of one JVM\n"
                + "- warm-up: jcluster's no-op throughput is the median of 3 maps once the controller's JIT compiler"
                + " uses under 5 % of a core (rounds of maps of a second, at most 60 s: it compiles the task store's"
                + " code until 15-40 s in); its round trip follows 20,000 calls; on both, the 100 MB push and pull are"
                + " the median of 10 after 5 to warm up, the other transfers the median of several after one\n\n"
                + "```\n" + table + "```\n";
    }
}
