package dev.jcluster.bench;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The runtime's figures on real processes: engines registered, no-op round trip, load-balanced
 * throughput, push/pull of 100 MB. Prints one table; with ipyparallel installed, its figures for
 * the same workloads beside ours (bench/ipyparallel_bench.py).
 *
 * <pre>bench/run.sh   (or: java -cp ... dev.jcluster.bench.RuntimeBench)</pre>
 */
public final class RuntimeBench {
    private static final int ENGINES = 8;
    private static final int ROUND_TRIPS = 5_000;
    private static final int WARM_UP = 20_000;
    private static final int RUNS = 5;
    private static final int THROUGHPUT_TASKS = 20_000;
    private static final int BLOB_MB = 100;

    private RuntimeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jcluster-bench");
        Map<String, String> figures = new LinkedHashMap<>();
        try (BenchCluster cluster = new BenchCluster(dir)) {
            long t0 = System.nanoTime();
            cluster.startController(4); // the profiles' default max-outstanding
            cluster.startEngines(ENGINES);
            try (Client client = cluster.client()) {
                client.waitForEngines(ENGINES, Duration.ofMinutes(2));
                figures.put("time until 8 engines registered", String.format("%.2f s",
                        BenchCluster.since(t0).toMillis() / 1000.0));
                // throughput on 2 engines and round trips on 1, as the figures ask; the other
                // engines are stopped first so that their JIT and GC do not share the two cores
                stopAllBut(client, 2);
                throughput(client, figures);
                stopAllBut(client, 1);
                roundTrip(client, figures);
                pushPull(client, figures);
            }
        }
        System.out.println();
        System.out.println("jcluster runtime benchmark (" + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores)");
        figures.forEach((k, v) -> System.out.printf("  %-52s %s%n", k, v));
    }

    private static void roundTrip(Client client, Map<String, String> figures) throws Exception {
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
        figures.put("no-op apply round trip, 1 engine (median)", String.format("%.0f us", nanos[ROUND_TRIPS / 2] / 1e3));
        figures.put("no-op apply round trip, 1 engine (p99)", String.format("%.0f us",
                nanos[(int) (ROUND_TRIPS * 0.99)] / 1e3));
    }

    /** Median of {@value #RUNS} runs after three warm-up runs (the JIT needs tens of thousands of tasks). */
    private static void throughput(Client client, Map<String, String> figures) throws Exception {
        List<Integer> inputs = IntStream.range(0, THROUGHPUT_TASKS).boxed().toList();
        for (int i = 0; i < 3; i++) {
            client.loadBalanced().map(x -> x, inputs);
        }
        double[] rates = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t = System.nanoTime();
            List<Integer> out = client.loadBalanced().map(x -> x, inputs);
            rates[r] = THROUGHPUT_TASKS / (BenchCluster.since(t).toNanos() / 1e9);
            if (!out.equals(inputs)) {
                throw new IllegalStateException("wrong or lost results");
            }
        }
        Arrays.sort(rates);
        figures.put("load-balanced no-op tasks, 2 engines (median of " + RUNS + ")",
                String.format("%.0f tasks/s", rates[RUNS / 2]));
    }

    private static void pushPull(Client client, Map<String, String> figures) throws Exception {
        DirectView one = client.direct(0);
        byte[] blob = new byte[BLOB_MB * 1024 * 1024];
        Arrays.fill(blob, (byte) 7);
        one.push(Map.of("warm", new byte[1024 * 1024]));
        one.pull("warm");
        double push = Double.MAX_VALUE;
        double pull = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            one.push(Map.of("blob", blob));
            push = Math.min(push, BenchCluster.since(t).toNanos() / 1e9);
            t = System.nanoTime();
            byte[] back = (byte[]) one.pull("blob").get(0);
            pull = Math.min(pull, BenchCluster.since(t).toNanos() / 1e9);
            if (back.length != blob.length || back[blob.length - 1] != 7) {
                throw new IllegalStateException("pull returned the wrong bytes");
            }
        }
        figures.put("push 100 MB byte[] to 1 engine (best of 3)", String.format("%.0f MB/s", BLOB_MB / push));
        figures.put("pull 100 MB byte[] from 1 engine (best of 3)", String.format("%.0f MB/s", BLOB_MB / pull));
    }

    private static void stopAllBut(Client client, int keep) throws Exception {
        client.stopEngines("bench: keep " + keep, IntStream.range(keep, ENGINES).toArray()).get();
        awaitExactly(client, keep);
    }

    private static void awaitExactly(Client client, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.ids().size() != n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("engines did not stop");
            }
            Thread.sleep(20);
        }
    }
}
