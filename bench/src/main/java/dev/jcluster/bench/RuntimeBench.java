package dev.jcluster.bench;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.Ref;
import dev.jcluster.protocol.EngineInfo;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The runtime's workloads on jcluster and, when Debian's python3-ipyparallel is installed, the
 * same ones on ipyparallel (bench/ipyparallel_runtime.py), in one run: a table of medians over
 * {@code RUNS} fresh clusters with min-max, both systems and their ratio, next to the loopback
 * floor. Also written to bench/RESULTS.md.
 *
 * <pre>bench/run.sh [RUNS]</pre>
 */
public final class RuntimeBench {
    private static final int ROUND_TRIPS = 2_000;
    private static final int WARM_UP = 20_000;
    private static final int TASKS = 20_000;
    private static final int BLOB_MB = 100;
    private static final int SPIN_TASKS = 1_000;
    private static final int BLOB_REPEATS = 3;
    /**
     * The 100 MB push and pull, a rate a long job sees: the median of these after {@link
     * #STEADY_WARM_UPS}, since the first transfers to a fresh engine time its JIT and the growth of
     * its heap more than the transfer (as on ipyparallel).
     */
    private static final int STEADY_REPEATS = 10;
    private static final int STEADY_WARM_UPS = 5;
    private static final int SMALL_TRANSFERS = 200;
    private static final int WARM_UP_MAPS = 400;
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(1);
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(60);
    /** Throughput is measured once the controller's JIT compiler uses less than this share of a core. */
    private static final double QUIET_COMPILER = 0.05;
    private static final int THROUGHPUT_REPEATS = 3;

    private RuntimeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--quick")) {
            quick(args.length > 1 ? Set.of(args[1].split(",")) : Set.of());
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Results ours = new Results();
        for (int r = 0; r < runs; r++) {
            System.err.println("jcluster run " + (r + 1) + " of " + runs);
            ours.add("start 8 engines, until usable", startSeconds(8, ours), "s");
            oneRun(ours, Set.of());
            startSeconds(32, ours);
        }
        for (int r = 0; r < runs; r++) {
            ours.add("hung engine (SIGSTOP) noticed after", detection(true), "s");
        }
        Results floor = new Results();
        floor.add("no-op apply round trip, median", Loopback.roundTripMicros(20_000), "us");
        floor.add("push 100 MB to 1 engine", Loopback.streamMegabytesPerSecond(1000), "MB/s");
        floor.add("pull 100 MB from 1 engine", floor.values("push 100 MB to 1 engine").get(0), "MB/s");
        floor.add("1,000 tasks of 20 ms CPU on 2 engines, speedup", CpuFloor.twoThreadSpeedup(200, 20), "x");
        System.err.println("ipyparallel (" + runs + " runs) ...");
        IpyparallelRun ipp = IpyparallelRun.run(Path.of("bench/ipyparallel_runtime.py"), runs, Duration.ofMinutes(40));
        String table = Table.render(ours, ipp, floor, runs);
        System.out.println();
        System.out.println(table);
        ResultsFile.replaceHead(Table.markdown(table, ipp.version(), runs));
        System.out.println("written to " + ResultsFile.PATH);
    }

    /**
     * One 2-engine run of jcluster alone, printed and not written anywhere: for comparing two builds
     * or two settings (-Dbench.store=false; -Dbench.dashboard=true: the web dashboard open on it) while profiling, not for the record. {@code only} names
     * the workloads to run (apply, roundtrip, throughput, push, speedup, kill); empty runs them all.
     */
    private static void quick(Set<String> only) throws Exception {
        Results ours = new Results();
        oneRun(ours, only);
        ours.values.forEach((metric, v) -> System.out.printf(Locale.ROOT, "%-48s %14s %s%n", metric,
                Results.format(Results.median(v)), ours.units.get(metric)));
    }

    /** Seconds until {@code engines} engines are usable; also their apply-to-all round trip. */
    private static double startSeconds(int engines, Results out) throws Exception {
        Path dir = Files.createTempDirectory("jcluster-bench");
        try (BenchCluster cluster = new BenchCluster(dir)) {
            long t0 = System.nanoTime();
            cluster.startController(4);
            cluster.startEngines(engines);
            try (Client client = cluster.client()) {
                client.waitForEngines(engines, Duration.ofMinutes(5));
                client.direct().apply(() -> null);
                double started = BenchCluster.since(t0).toNanos() / 1e9;
                applyToAll(client, engines, out);
                if (engines == 8) {
                    pushToAll(client, out);
                }
                return started;
            }
        }
    }

    /** Median time of a no-op apply on every engine at once, after warm-up. */
    private static void applyToAll(Client client, int engines, Results out) throws Exception {
        DirectView all = client.direct();
        for (int i = 0; i < 2_000; i++) {
            all.apply(() -> null);
        }
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            all.apply(() -> null);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        out.add("apply to all " + engines + " engines, median", nanos[nanos.length / 2] / 1e3, "us");
    }

    private static void oneRun(Results out, Set<String> only) throws Exception {
        Predicate<String> runs = name -> only.isEmpty() || only.contains(name);
        Path dir = Files.createTempDirectory("jcluster-bench");
        try (BenchCluster cluster = new BenchCluster(dir)) {
            long t0 = System.nanoTime();
            cluster.startController(4);
            cluster.startEngines(2);
            try (Client client = cluster.client();
                 OpenDashboard page = Boolean.getBoolean("bench.dashboard") ? new OpenDashboard(cluster) : null) {
                client.waitForEngines(2, Duration.ofMinutes(2));
                client.direct().apply(() -> null);
                out.add("start 2 engines, until usable", BenchCluster.since(t0).toNanos() / 1e9, "s");
                if (runs.test("apply")) {
                    applyToAll(client, 2, out);
                }
                if (runs.test("roundtrip")) {
                    roundTrips(client, out);
                }
                if (runs.test("throughput")) {
                    throughput(client, cluster.controllerPid(), out);
                }
                if (runs.test("push")) {
                    pushPull(client, out);
                }
                if (runs.test("speedup")) {
                    speedup(client, out);
                }
                if (runs.test("kill")) {
                    out.add("killed engine (kill -9) noticed after", killAndWait(client, false), "s");
                }
            }
        }
    }

    private static double detection(boolean hang) throws Exception {
        Path dir = Files.createTempDirectory("jcluster-bench");
        try (BenchCluster cluster = new BenchCluster(dir)) {
            cluster.startController(4);
            cluster.startEngines(2);
            try (Client client = cluster.client()) {
                client.waitForEngines(2, Duration.ofMinutes(2));
                return killAndWait(client, hang);
            }
        }
    }

    /** Stops (SIGSTOP) or kills (SIGKILL) the last engine and waits until the controller says it is gone. */
    private static double killAndWait(Client client, boolean hang) throws Exception {
        List<EngineInfo> engines = client.status().engines();
        long pid = engines.get(engines.size() - 1).pid();
        int before = client.ids().size();
        long t = System.nanoTime();
        new ProcessBuilder("kill", hang ? "-STOP" : "-KILL", Long.toString(pid)).start().waitFor();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (client.ids().size() >= before) {
                if (System.nanoTime() > deadline) {
                    return Double.NaN;
                }
                Thread.sleep(10);
            }
            return BenchCluster.since(t).toNanos() / 1e9;
        } finally {
            if (hang) {
                new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            }
        }
    }

    private static void roundTrips(Client client, Results out) throws Exception {
        DirectView one = client.direct(0);
        for (int i = 0; i < WARM_UP; i++) {
            one.apply(() -> null);
        }
        long[] nanos = new long[ROUND_TRIPS];
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long t = System.nanoTime();
            one.apply(() -> null);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        out.add("no-op apply round trip, median", nanos[ROUND_TRIPS / 2] / 1e3, "us");
        out.add("no-op apply round trip, p99", nanos[(int) (ROUND_TRIPS * 0.99)] / 1e3, "us");
    }

    /**
     * Warm-up until the controller's JIT compiler is nearly done with the path (it compiles the task
     * store's code 15-25 s in: measured after 15 s, its C2 thread used 30-50 % of a core during the
     * maps, and they ran at 30,000-43,000 a second; after 40 s, 2-9 % and 56,000-60,000), in rounds
     * of maps of at least a second, bounded in maps and time; then the median of
     * {@link #THROUGHPUT_REPEATS} maps of each kind.
     */
    private static void throughput(Client client, long controllerPid, Results out) throws Exception {
        List<Integer> inputs = IntStream.range(0, TASKS).boxed().toList();
        long warmUpStart = System.nanoTime();
        int maps = 0;
        double compiling = 1;
        while (maps < WARM_UP_MAPS && BenchCluster.since(warmUpStart).compareTo(WARM_UP_MAX) < 0
                && (maps < 3 || compiling >= QUIET_COMPILER)) {
            long compiled = ProcessCpu.compilerNanos(controllerPid);
            long roundStart = System.nanoTime();
            while (maps < WARM_UP_MAPS && BenchCluster.since(roundStart).compareTo(WARM_UP_ROUND) < 0) {
                client.loadBalanced().map(x -> x, inputs);
                client.direct().map(x -> x, inputs);
                maps++;
            }
            compiling = (double) (ProcessCpu.compilerNanos(controllerPid) - compiled) / (System.nanoTime() - roundStart);
        }
        System.err.printf(Locale.ROOT, "throughput: %.0f s of warm-up (%d maps of each kind); the controller's JIT"
                + " compiler used %.0f %% of a core in its last second%n",
                BenchCluster.since(warmUpStart).toNanos() / 1e9, maps, 100 * compiling);
        List<Double> lbRates = new ArrayList<>();
        List<Double> directRates = new ArrayList<>();
        for (int i = 0; i < THROUGHPUT_REPEATS; i++) {
            long t = System.nanoTime();
            List<Integer> lb = client.loadBalanced().map(x -> x, inputs);
            lbRates.add(TASKS / (BenchCluster.since(t).toNanos() / 1e9));
            t = System.nanoTime();
            List<Integer> direct = client.direct().map(x -> x, inputs);
            directRates.add(TASKS / (BenchCluster.since(t).toNanos() / 1e9));
            if (!lb.equals(inputs) || !direct.equals(inputs)) {
                throw new IllegalStateException("wrong or lost results");
            }
        }
        out.add("load-balanced no-op tasks, 2 engines", Results.median(lbRates), "tasks/s");
        out.add("direct-view map of 20,000, 2 engines", Results.median(directRates), "items/s");
    }

    /** Seconds to push 100 MB to every engine: the median of {@link #BLOB_REPEATS} after one to warm up. */
    private static void pushToAll(Client client, Results out) throws Exception {
        DirectView all = client.direct();
        byte[] blob = new byte[BLOB_MB * 1024 * 1024];
        Arrays.fill(blob, (byte) 7);
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i <= BLOB_REPEATS; i++) {
            long t = System.nanoTime();
            all.push(Map.of("blob", blob));
            seconds.add(BenchCluster.since(t).toNanos() / 1e9);
        }
        out.add("push 100 MB to all " + all.targets().size() + " engines", Results.median(seconds.subList(1,
                seconds.size())), "s");
        all.execute("blob = null;");
    }

    /**
     * Push and pull of 1 MB, 100 MB and 1 GB, and a 100 MB task result: each the median of several
     * after one (100 MB: several) to warm up, as on ipyparallel; then a small value's push and pull.
     */
    private static void pushPull(Client client, Results out) throws Exception {
        DirectView one = client.direct(0);
        transfers(one, "1 MB", 1, 1, 20, out);
        transfers(one, "100 MB", BLOB_MB, STEADY_WARM_UPS, STEADY_REPEATS, out);
        taskResult(one, BLOB_MB, out);
        transfers(one, "1 GB", 1000, 1, 1, out);
        smallPushPull(one, out);
    }

    /** Push and pull of {@code mb} megabytes (10^6 bytes), {@code repeats} times after {@code warmUps}; rates in MB/s. */
    private static void transfers(DirectView one, String label, int mb, int warmUps, int repeats, Results out)
            throws Exception {
        byte[] blob = new byte[mb * 1_000_000];
        Arrays.fill(blob, (byte) 7);
        List<Double> pushes = new ArrayList<>();
        List<Double> pulls = new ArrayList<>();
        for (int i = 0; i < warmUps + repeats; i++) {
            long t = System.nanoTime();
            one.push(Map.of("blob", blob));
            pushes.add(mb / (BenchCluster.since(t).toNanos() / 1e9));
            t = System.nanoTime();
            byte[] back = (byte[]) one.pull("blob").get(0);
            pulls.add(mb / (BenchCluster.since(t).toNanos() / 1e9));
            if (back.length != blob.length || back[blob.length - 1] != 7) {
                throw new IllegalStateException("pull returned the wrong bytes");
            }
        }
        out.add("push " + label + " to 1 engine", Results.median(pushes.subList(warmUps, pushes.size())), "MB/s");
        out.add("pull " + label + " from 1 engine", Results.median(pulls.subList(warmUps, pulls.size())), "MB/s");
        one.execute("blob = null;");
    }

    /** A task that returns a value of {@code mb} megabytes already on its engine: the result path, in MB/s. */
    private static void taskResult(DirectView one, int mb, Results out) throws Exception {
        byte[] blob = new byte[mb * 1_000_000];
        Arrays.fill(blob, (byte) 7);
        Ref<byte[]> ref = one.push("blob", blob);
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i <= BLOB_REPEATS; i++) {
            long t = System.nanoTime();
            byte[] back = one.apply(ref::get).get(0);
            rates.add(mb / (BenchCluster.since(t).toNanos() / 1e9));
            if (back.length != blob.length) {
                throw new IllegalStateException("the task returned the wrong bytes");
            }
        }
        out.add(mb + " MB task result from 1 engine", Results.median(rates.subList(1, rates.size())), "MB/s");
        one.execute("blob = null;");
    }

    /** A push and a pull of one small value by name: what setting and reading a parameter costs. */
    private static void smallPushPull(DirectView one, Results out) throws Exception {
        long[] nanos = new long[SMALL_TRANSFERS];
        for (int i = -SMALL_TRANSFERS; i < SMALL_TRANSFERS; i++) {  // the first half warms up
            long t = System.nanoTime();
            one.push(Map.of("x", i));
            if (!Integer.valueOf(i).equals(one.pull("x").get(0))) {
                throw new IllegalStateException("pull returned another value than the push");
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - t;
            }
        }
        Arrays.sort(nanos);
        out.add("push + pull of a small value, median", nanos[nanos.length / 2] / 1e3, "us");
    }

    /** 20 ms of CPU per task, measured as CPU time so that both systems do the same work. */
    private static void speedup(Client client, Results out) throws Exception {
        List<Integer> ms = new ArrayList<>(Collections.nCopies(SPIN_TASKS, 20));
        client.loadBalanced().map(RuntimeBench::spin, ms.subList(0, 20)); // warm the engines' JIT
        for (int i = 0; i < 20; i++) {
            spin(20);
        }
        long t = System.nanoTime();
        for (int m : ms) {
            spin(m);
        }
        double serial = BenchCluster.since(t).toNanos() / 1e9;
        t = System.nanoTime();
        client.loadBalanced().map(RuntimeBench::spin, ms);
        out.add("1,000 tasks of 20 ms CPU on 2 engines, speedup", serial / (BenchCluster.since(t).toNanos() / 1e9), "x");
    }

    static long spin(int millis) {
        var bean = ManagementFactory.getThreadMXBean();
        long end = bean.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 0;
        while (bean.getCurrentThreadCpuTime() < end) {
            x++;
        }
        return x;
    }

    /** Values per metric, in the order first added. */
    static final class Results {
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        final Map<String, String> units = new LinkedHashMap<>();

        void add(String metric, double value, String unit) {
            values.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
            units.put(metric, unit);
        }

        List<Double> values(String metric) {
            return values.getOrDefault(metric, List.of());
        }

        static double median(List<Double> v) {
            double[] a = v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
            return a.length == 0 ? Double.NaN : a[a.length / 2];
        }

        static String noise(List<Double> v) {
            double[] a = v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
            return a.length < 2 ? "" : format(a[0]) + "-" + format(a[a.length - 1]);
        }

        static String format(double d) {
            if (Double.isNaN(d)) {
                return "-";
            }
            return d >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : d >= 10 ? String.format(Locale.ROOT, "%.0f", d)
                    : String.format(Locale.ROOT, "%.2f", d);
        }
    }
}
