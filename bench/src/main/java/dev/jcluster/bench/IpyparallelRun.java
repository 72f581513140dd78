package dev.jcluster.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs bench/ipyparallel_runtime.py with Debian's python3 and reads its figures, or says why it did not run. */
record IpyparallelRun(RuntimeBench.Results results, String version, String why) {
    private static final Pattern METRIC = Pattern.compile(
            "\\{\"metric\": \"([^\"]+)\", \"values\": \\[([^\\]]*)\\], \"unit\": \"([^\"]+)\"\\}");
    private static final Pattern VERSION = Pattern.compile("\\{\"version\": \"([^\"]+)\"\\}");

    boolean ran() {
        return why.isEmpty();
    }

    static IpyparallelRun run(Path script, int runs, Duration timeout) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        RuntimeBench.Results none = new RuntimeBench.Results();
        if (!Files.isExecutable(python)) {
            return new IpyparallelRun(none, "", "no /usr/bin/python3");
        }
        ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString(), Integer.toString(runs));
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Path out = Files.createTempFile("ipp-bench", ".out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new IpyparallelRun(none, "", "timed out after " + timeout.toMinutes() + " min");
        }
        List<String> lines = Files.readAllLines(out);
        if (p.exitValue() != 0) {
            return new IpyparallelRun(none, "", "did not run (apt-get install python3-ipyparallel): "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 2), lines.size())));
        }
        RuntimeBench.Results r = new RuntimeBench.Results();
        String version = "";
        for (String line : lines) {
            Matcher m = METRIC.matcher(line);
            if (m.matches()) {
                for (String v : m.group(2).split(",")) {
                    String t = v.trim();
                    r.add(m.group(1), t.equals("NaN") || t.isEmpty() ? Double.NaN : Double.parseDouble(t), m.group(3));
                }
            }
            Matcher vm = VERSION.matcher(line);
            if (vm.matches()) {
                version = vm.group(1);
            }
        }
        return new IpyparallelRun(r, version, "");
    }

    static List<String> metrics(RuntimeBench.Results r) {
        return new ArrayList<>(r.values.keySet());
    }
}
