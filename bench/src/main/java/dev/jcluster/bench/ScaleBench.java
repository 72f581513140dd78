package dev.jcluster.bench;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.protocol.Status;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One controller facing 1,000, 5,000 and 10,000 engine connections from simulated engines in two
 * JVMs: time until all registered, the controller's CPU for heartbeats alone (percent of one
 * core, over 20 s idle once its JIT compiler has gone quiet, less what that compiler still does),
 * the same again with the web dashboard watching it and a page open (the difference is shown),
 * the heartbeat period it set for that size, load-balanced no-op throughput, and the
 * controller's resident memory.
 * Every process it starts is stopped before the next size, and when it ends.
 *
 * <pre>bench/scale.sh</pre>
 */
public final class ScaleBench {
    private static final int TASKS = 20_000;
    private static final int SETTLE_SECONDS = 5;
    private static final int SETTLE_MAX_SECONDS = 60;
    private static final int QUIET_COMPILER_SECONDS = 2;
    private static final int WINDOW_SECONDS = 20;

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 5_000, 10_000};
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(run(n));
            System.err.println(rows.get(rows.size() - 1));
        }
        String table = String.format("%8s %14s %16s %15s %10s %10s %16s %12s%n", "engines", "registered in",
                "heartbeat CPU", "+ dashboard", "beat every", "lost after", "LB no-op tasks", "controller") + String.join("\n", rows) + "\n";
        System.out.println();
        System.out.print(table);
        if (args.length > 0) {
            // sizes of one's own (profiling, one size again): the recorded section is the full test's
            System.out.println("not written to bench/RESULTS.md: it records the full test (1,000 / 5,000 / 10,000)");
            return;
        }
        // one scale section: this run's replaces an earlier one (run.sh then scale.sh, or scale.sh twice)
        ResultsFile.replaceSection(SECTION, SECTION + "\n\nOne controller, simulated engines in two JVMs (real TCP and"
                + " protocol, instant no-op tasks); heartbeat CPU is the controller's, idle, in percent of one core"
                + " (+ dashboard: what it costs more with the web dashboard watching and a page open),"
                + " over " + WINDOW_SECONDS + " s from when its JIT compiler has been idle for " + QUIET_COMPILER_SECONDS
                + " s, less what that compiler still did in the window (" + SETTLE_SECONDS + "-" + SETTLE_MAX_SECONDS
                + " s after the last registration; the compiler works on the registration burst's code for 10-20 s,"
                + " once); beat every / lost after: the heartbeat period the controller set for that size"
                + " (heartbeat.budget, 2,000 frames/s) and the silence after which a hung engine is lost;"
                + " `bench/scale.sh`:\n\n```\n" + table + "```\n");
        System.out.println("scale section written to " + ResultsFile.PATH);
    }

    private static final String SECTION = "## Scale test";

    private static String run(int n) throws Exception {
        Path dir = Files.createTempDirectory("jcluster-scale");
        List<Process> sims = new ArrayList<>();
        try (BenchCluster cluster = new BenchCluster(dir)) {
            cluster.startController(4);
            long controller = cluster.controllerPid();
            long t0 = System.nanoTime();
            for (int half : new int[] {n / 2, n - n / 2}) {
                sims.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        SimulatedEngines.class.getName(),
                        cluster.connectionFile().toString(), Integer.toString(half))
                        .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "sim-" + sims.size() + ".log"))
                        .start());
            }
            try (Client client = cluster.client()) {
                client.waitForEngines(n, Duration.ofMinutes(5));
                double registered = BenchCluster.since(t0).toNanos() / 1e9;
                // the JIT compiles the registration burst's code for 10-20 s after it (C2 took 6.6 % of a
                // core over the first 10 s at 10,000 engines): one-off work, not what heartbeats cost
                long settled = settle(controller);
                Status status = client.status();
                double heartbeatCpu = idleCpu(controller);
                double dashboardCpu;
                try (OpenDashboard page = new OpenDashboard(cluster)) {
                    settle(controller);
                    dashboardCpu = idleCpu(controller) - heartbeatCpu;
                }
                List<AsyncResult<Object>> all = new ArrayList<>(TASKS);
                long t = System.nanoTime();
                for (int i = 0; i < TASKS; i++) {
                    all.add(client.loadBalanced().applyAsync(() -> null));
                }
                for (AsyncResult<Object> r : all) {
                    r.get(Duration.ofMinutes(2));
                }
                double rate = TASKS / (BenchCluster.since(t).toNanos() / 1e9);
                System.err.printf(Locale.ROOT, settled < SETTLE_MAX_SECONDS
                        ? "%d engines: the controller's compiler went quiet %d s after the last registration%n"
                        : "%d engines: the controller's compiler still worked %d s after the last registration%n",
                        n, settled);
                return String.format(Locale.ROOT, "%8d %12.1f s %14.1f %% %13.1f %% %8.2f s %8.1f s %10.0f tasks/s %9d MiB",
                        n, registered, heartbeatCpu, dashboardCpu, status.heartbeatMillis() / 1000.0,
                        status.lostAfterMillis() / 1000.0, rate, ProcessCpu.residentBytes(controller) >> 20);
            }
        } finally {
            for (Process p : sims) {
                p.getOutputStream().close();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * The controller's CPU over the window, in percent of one core, less what its JIT compiler did in
     * it (0.5-2 % of a core in some runs, once): an idle controller beating.
     */
    private static double idleCpu(long controller) throws IOException, InterruptedException {
        long cpu0 = ProcessCpu.nanos(controller);
        long compiler0 = ProcessCpu.compilerNanos(controller);
        long w0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(WINDOW_SECONDS); // the measurement window itself
        long compiled = ProcessCpu.compilerNanos(controller) - compiler0;
        return 100.0 * (ProcessCpu.nanos(controller) - cpu0 - compiled) / (System.nanoTime() - w0);
    }

    /**
     * Waits until the controller's JIT compiler threads have used no CPU for
     * {@value #QUIET_COMPILER_SECONDS} s, at least {@value #SETTLE_SECONDS} s and at most
     * {@value #SETTLE_MAX_SECONDS} s; returns the seconds waited.
     */
    private static long settle(long pid) throws Exception {
        TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
        long waited = SETTLE_SECONDS;
        long before = ProcessCpu.compilerNanos(pid);
        int quiet = 0;
        while (quiet < QUIET_COMPILER_SECONDS && waited < SETTLE_MAX_SECONDS) {
            TimeUnit.SECONDS.sleep(1);
            waited++;
            long now = ProcessCpu.compilerNanos(pid);
            quiet = now == before ? quiet + 1 : 0;
            before = now;
        }
        return waited;
    }
}
