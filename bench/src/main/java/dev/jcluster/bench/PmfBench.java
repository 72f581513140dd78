package dev.jcluster.bench;

import dev.jcluster.client.Client;
import dev.jcluster.examples.pmf.BaseRun;
import dev.jcluster.examples.pmf.BlockBootstrap;
import dev.jcluster.examples.pmf.LsNmf;
import dev.jcluster.examples.pmf.PmfData;
import dev.jcluster.examples.pmf.Replicate;
import dev.jcluster.examples.pmf.Shared;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The flagship workload side by side: bootstrap replicates of PMF on Baltimore, each a fixed
 * number of LS-NMF iterations from the same base case and the same resampled days, run (1)
 * serially in this JVM, (2) on a local jcluster of 2 engine JVMs, (3) in numpy on ipyparallel with
 * 2 engines when Debian's python3-ipyparallel and python3-numpy are installed.
 *
 * <pre>bench/pmf.sh [REPLICATES [ITERATIONS]]</pre>
 */
public final class PmfBench {
    private PmfBench() {
    }

    public static void main(String[] args) throws Exception {
        int replicates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dataDir = Path.of(args.length > 2 ? args[2] : "examples/pmf-bootstrap/data/baltimore");
        PmfData data = PmfData.read(dataDir.resolve("Dataset-Baltimore_con.txt"),
                dataDir.resolve("Dataset-Baltimore_unc.txt")).categorize(List.of("PM2.5"), List.of("OM"));
        int k = 6;
        // the base case is input here, not measured: best of 4 short runs
        LsNmf.Settings baseSettings = new LsNmf.Settings(k, 3000, 0.1, 50);
        LsNmf.Fit base = LongStream.range(42, 46).mapToObj(seed -> {
            double[][] s = LsNmf.randomStart(data, k, seed);
            return LsNmf.fit(data, s[0], s[1], baseSettings);
        }).min(Comparator.comparingDouble(LsNmf.Fit::qRobust)).orElseThrow();
        int block = BlockBootstrap.automaticLength(data);
        // delta 0: never "converged", so every replicate runs exactly `iterations` in every system
        LsNmf.Settings settings = new LsNmf.Settings(k, iterations, 0, 50);
        Replicate task = new Replicate(Shared.local(data), Shared.local(base), block, settings, 42, 0.6);
        List<Integer> ids = IntStream.range(0, replicates).boxed().toList();
        System.err.printf(Locale.ROOT, "Baltimore %dx%d, %d factors, block length %d, %d replicates x %d iterations%n",
                data.rows(), data.cols(), k, block, replicates, iterations);

        String serialKernel = LsNmf.kernel();
        List<String> engineKernels = List.of();
        long t = System.nanoTime();
        double[] serialQ = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            serialQ[r] = task.apply(r).qTrue();
        }
        double serial = BenchCluster.since(t).toNanos() / 1e9;
        System.err.printf(Locale.ROOT, "serial, one JVM: %.1f s%n", serial);

        Path dir = Files.createTempDirectory("jcluster-pmf-bench");
        double clusterSecs;
        double clusterStart;
        double floatSecs;
        double floatDiff = 0;
        double[] clusterQ = new double[replicates];
        try (BenchCluster cluster = new BenchCluster(dir)) {
            long s0 = System.nanoTime();
            cluster.startController(4);
            cluster.startEngines(2);
            try (Client client = cluster.client()) {
                client.waitForEngines(2, Duration.ofMinutes(1));
                clusterStart = BenchCluster.since(s0).toNanos() / 1e9;
                engineKernels = client.direct().apply(LsNmf::kernel);
                // the engines compute the base case too, as the real example does: their JIT is
                // then as warm as the serial JVM's, which computed it above
                // the dataset and base case reach each engine once; tasks carry references to them
                Shared<PmfData> engineData = Shared.on(client.direct().push("pmfData", data));
                Shared<LsNmf.Fit> engineBaseCase = Shared.on(client.direct().push("pmfBase", base));
                LsNmf.Fit engineBase = client.loadBalanced().map(new BaseRun(engineData,
                        baseSettings), List.of(42L, 43L, 44L, 45L)).stream()
                        .min(Comparator.comparingDouble(LsNmf.Fit::qRobust)).orElseThrow();
                if (engineBase.qRobust() != base.qRobust()) {
                    throw new IllegalStateException("the engines found another base case");
                }
                t = System.nanoTime();
                List<Replicate.Result> results = client.loadBalanced().map(new Replicate(engineData, engineBaseCase,
                        block, settings, 42, 0.6), ids);
                clusterSecs = BenchCluster.since(t).toNanos() / 1e9;
                for (Replicate.Result r : results) {
                    clusterQ[r.replicate()] = r.qTrue();
                }
                // the same replicates in single precision (--precision float)
                LsNmf.Settings floatSettings = new LsNmf.Settings(k, iterations, 0, 50, LsNmf.Precision.FLOAT);
                t = System.nanoTime();
                List<Replicate.Result> floats = client.loadBalanced().map(new Replicate(engineData, engineBaseCase,
                        block, floatSettings, 42, 0.6), ids);
                floatSecs = BenchCluster.since(t).toNanos() / 1e9;
                for (Replicate.Result r : floats) {
                    floatDiff = Math.max(floatDiff, Math.abs(r.qTrue() - serialQ[r.replicate()]) / serialQ[r.replicate()]);
                }
            }
        }
        System.err.printf(Locale.ROOT, "jcluster, 2 engines: %.1f s%n", clusterSecs);
        double maxDiff = 0;
        for (int r = 0; r < replicates; r++) {
            maxDiff = Math.max(maxDiff, Math.abs(clusterQ[r] - serialQ[r]) / serialQ[r]);
        }

        Path input = dir.resolve("pmf-input.txt");
        writeInput(input, data, base, task, replicates, iterations);
        PythonRun py = PythonRun.run(Path.of("bench/pmf_ipyparallel.py"), input, Duration.ofMinutes(60));
        double pyDiff = Double.NaN;
        if (py.ok()) {
            pyDiff = 0;
            for (int r = 0; r < replicates; r++) {
                pyDiff = Math.max(pyDiff, Math.abs(py.q()[r] - serialQ[r]) / serialQ[r]);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "PMF bootstrap: Baltimore %dx%d, %d factors, %d replicates x %d LS-NMF iterations (%s, %d cores)%n",
                data.rows(), data.cols(), k, replicates, iterations, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        String row = "  %-52s %8.1f %8s %10s%n";
        System.out.printf(Locale.ROOT, "  %-52s %8s %8s %10s%n", "", "seconds", "+ start", "vs Java");
        System.out.printf(Locale.ROOT, row, "Java, serial, one JVM (" + serialKernel + ")", serial, "", "1.00x");
        System.out.printf(Locale.ROOT, row, "jcluster, 2 engines (" + String.join(", ", engineKernels) + ")",
                clusterSecs, seconds(clusterSecs + clusterStart), speedup(serial, clusterSecs));
        System.out.printf(Locale.ROOT, row, "jcluster, 2 engines, --precision float", floatSecs,
                seconds(floatSecs + clusterStart), speedup(serial, floatSecs));
        if (py.ok()) {
            System.out.printf(Locale.ROOT, row, "numpy, serial, one process", py.serialSeconds(), "",
                    speedup(serial, py.serialSeconds()));
            System.out.printf(Locale.ROOT, row, "numpy on ipyparallel " + py.version() + ", 2 engines", py.seconds(),
                    seconds(py.seconds() + py.startSeconds()), speedup(serial, py.seconds()));
            System.out.printf(Locale.ROOT, "  jcluster vs numpy on ipyparallel: %s as fast, %s end to end with cluster start;"
                    + " serial Java vs serial numpy: %s%n", speedup(py.seconds(), clusterSecs),
                    speedup(py.seconds() + py.startSeconds(), clusterSecs + clusterStart),
                    speedup(py.serialSeconds(), serial));
        } else {
            System.out.println("  ipyparallel: " + py.why());
        }
        System.out.printf(Locale.ROOT, "  same results: max relative Q difference, cluster vs serial %.1e, numpy vs Java %s%n",
                maxDiff, py.ok() ? String.format(Locale.ROOT, "%.1e", pyDiff) : "-");
        System.out.printf(Locale.ROOT, "  float vs double: max relative Q difference %.1e%n", floatDiff);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** How many times as fast {@code seconds} is as {@code reference}. */
    private static String speedup(double reference, double seconds) {
        return String.format(Locale.ROOT, "%.2fx", reference / seconds);
    }

    /** Everything numpy needs to run the same replicates: X, U, base G and F, and each replicate's days. */
    private static void writeInput(Path file, PmfData d, LsNmf.Fit base, Replicate task, int replicates, int iterations)
            throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(d.rows() + " " + d.cols() + " " + base.k() + " " + replicates + " " + iterations + "\n");
            line(w, d.x());
            line(w, d.u());
            line(w, base.g());
            line(w, base.f());
            for (int r = 0; r < replicates; r++) {
                int[] index = task.index(r);
                StringBuilder sb = new StringBuilder();
                for (int i : index) {
                    sb.append(i).append(' ');
                }
                w.write(sb.toString().trim());
                w.write('\n');
            }
        }
    }

    private static void line(BufferedWriter w, double[] values) throws Exception {
        StringBuilder sb = new StringBuilder(values.length * 24);
        for (double v : values) {
            sb.append(Double.toString(v)).append(' ');
        }
        w.write(sb.toString().trim());
        w.write('\n');
    }

    /** What the Python side printed: its time, start-up time and each replicate's Q, or why it did not run. */
    record PythonRun(boolean ok, String why, String version, double seconds, double startSeconds, double serialSeconds,
                     double[] q) {
        static PythonRun run(Path script, Path input, Duration timeout) throws Exception {
            Path python = Path.of("/usr/bin/python3");
            if (!Files.isExecutable(python)) {
                return new PythonRun(false, "no /usr/bin/python3", "", 0, 0, 0, null);
            }
            ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString(), input.toString());
            // one BLAS thread per engine, like one JVM thread per engine; OpenBLAS's core override off
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            pb.environment().put("OMP_NUM_THREADS", "1");
            Path out = Files.createTempFile("pmf-py", ".out");
            Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new PythonRun(false, "timed out", "", 0, 0, 0, null);
            }
            List<String> lines = Files.readAllLines(out);
            if (p.exitValue() != 0) {
                String tail = String.join("\n    ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
                return new PythonRun(false, "not run (apt-get install python3-ipyparallel python3-numpy):\n    " + tail,
                        "", 0, 0, 0, null);
            }
            String version = "";
            double secs = 0;
            double start = 0;
            double serial = 0;
            List<Double> q = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("version ")) {
                    version = l.substring(8).trim();
                } else if (l.startsWith("seconds ")) {
                    secs = Double.parseDouble(l.substring(8).trim());
                } else if (l.startsWith("serial ")) {
                    serial = Double.parseDouble(l.substring(7).trim());
                } else if (l.startsWith("start ")) {
                    start = Double.parseDouble(l.substring(6).trim());
                } else if (l.startsWith("q ")) {
                    q.add(Double.parseDouble(l.substring(2).trim()));
                }
            }
            return new PythonRun(true, "", version, secs, start, serial, q.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
