package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real engine processes lost the hard ways: killed with SIGKILL in the middle of a load-balanced
 * map, and cut off from the controller by taking a network link down (in a network namespace this
 * test creates and removes). Tasks run at least once (counted: an engine killed mid-task ran it
 * partly, so it runs again elsewhere) and every result is delivered exactly once; the cut engine
 * comes back with its id and its JShell state.
 */
class ChaosTest {
    @TempDir
    Path dir;

    @Test
    void killingAnEngineMidMapLosesNoResultAndRecordsEachRetriedAttempt() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3); Client c = cluster.client()) {
            List<Integer> inputs = IntStream.range(0, 1000).boxed().toList();
            // each execution appends its input to a file of its engine process: what ran, counted
            String executions = Files.createDirectories(dir.resolve("executions")).toString();
            AsyncResult<List<Integer>> results = c.loadBalanced().withOptions(TaskOptions.DEFAULTS.withRetries(2))
                    .mapAsync(x -> recordedThenDoubled(executions, x), inputs);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> c.status().completed() >= 200);
            int victimId = 1;
            long victimPid = c.status().engines().stream().filter(e -> e.id() == victimId).findFirst().orElseThrow()
                    .pid();
            Process victim = cluster.engines().processes().stream().filter(p -> p.pid() == victimPid).findFirst()
                    .orElseThrow();
            victim.destroyForcibly();  // SIGKILL: no goodbye, its tasks in flight are simply gone

            List<Integer> out = results.get(Duration.ofSeconds(180));
            assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x * 2).toList());
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(c.status().engines())
                    .filteredOn(e -> e.id() == victimId).extracting(EngineInfo::state).containsExactly(EngineState.LOST));
            List<TaskRow> retried = c.tasks(null, -1, 2000).tasks().stream().filter(t -> t.attempts() > 1).toList();
            assertThat(retried).as("tasks that were in flight on the killed engine").isNotEmpty()
                    .allSatisfy(t -> assertThat(t.engineId()).isNotEqualTo(victimId))
                    .allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.DONE));
            assertThat(c.task(retried.get(0).id()).attempts().get(0))
                    .contains("engine " + victimId).contains("engine lost");

            // at least once, delivered once: every input ran, only retried ones ran again, each result came once
            Map<Integer, Long> runs = executionCounts(Path.of(executions));
            long again = runs.values().stream().filter(n -> n > 1).count();
            long total = runs.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("chaos: %d executions of %d inputs; %d ran more than once; %d tasks retried%n",
                    total, inputs.size(), again, retried.size());
            assertThat(runs.keySet()).as("inputs that ran at least once").containsExactlyInAnyOrderElementsOf(inputs);
            assertThat(runs.values()).as("runs of one input: its first attempt and at most two retries")
                    .allSatisfy(n -> assertThat(n).isBetween(1L, 3L));
            assertThat(again).as("inputs that ran more than once: only tasks retried after the kill")
                    .isLessThanOrEqualTo(retried.size());
            assertThat(out).as("results delivered: one per input").hasSize(inputs.size());
        }
    }

    /** How many times each input ran, from the engines' execution files (a line cut short by SIGKILL is not a run). */
    private static Map<Integer, Long> executionCounts(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.toList()) {
                lines.addAll(Files.readAllLines(f));
            }
            return lines.stream().filter(l -> l.matches("\\d+;")).map(l -> Integer.parseInt(l.substring(0, l.length() - 1)))
                    .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        }
    }

    static int recordedThenDoubled(String folder, int x) throws IOException {
        Files.writeString(Path.of(folder, "engine-" + ProcessHandle.current().pid() + ".txt"), x + ";\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return doubledAfter3ms(x);
    }

    @Test
    void anEngineCutOffByItsNetworkIsNoticedAndComesBackWithItsIdWhenTheLinkReturns() throws Exception {
        try (Namespace ns = Namespace.create("jc-chaos", "10.214.0.1", "10.214.0.2");
             Controller controller = Controller.start(ControllerConfig.builder(ClusterKey.random()).clusterId("chaos")
                     .bindHost("10.214.0.1").build());  // the default heartbeat: 700 ms, 4 missed
             EngineProcesses engines = new EngineProcesses(dir)) {
            Path file = dir.resolve("connection.properties");
            controller.connectionInfo().write(file);
            engines.start(ns.prefix(), file, "--reconnect-deadline-ms", "120000");
            try (Client c = Client.connect(file)) {
                int id = c.waitForEngines(1, Duration.ofSeconds(60)).get(0);
                assertThat(c.direct(id).apply(() -> InetAddress.getLocalHost() != null)).containsExactly(true);
                c.direct(id).execute("int kept = 41;");

                ns.hostLinkDown();
                long cut = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> engineState(c, id) == EngineState.LOST);
                System.out.printf("network cut noticed after %.2f s (default heartbeat: 700 ms, 4 missed)%n",
                        (System.nanoTime() - cut) / 1e9);

                ns.hostLinkUp();
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> engineState(c, id) == EngineState.IDLE);
                assertThat(c.direct(id).apply(() -> 6 * 7)).containsExactly(42);
                assertThat(c.direct(id).execute("kept + 1")).extracting(ExecuteResult::value)
                        .as("its JShell state outlived the cut").containsExactly("42");
            }
        }
    }

    @Test
    void killingTheControllerMidMapAndRestoringItLosesNoTaskAndNoResult() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false);
            for (int i = 0; i < 3; i++) {
                engines.start(controller.connectionFile(), "--reconnect-deadline-ms", "120000");
            }
            try (Client c = Client.connect(controller.connectionFile())) {
                List<Integer> ids = c.waitForEngines(3, Duration.ofSeconds(60));
                List<Integer> inputs = IntStream.range(0, 1000).boxed().toList();
                AsyncResult<List<Integer>> results = c.loadBalanced()
                        .withOptions(TaskOptions.DEFAULTS.withRetries(2)).mapAsync(ChaosTest::doubledAfter3ms, inputs);
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> c.status().completed() >= 200);
                controller.kill();
                long killed = System.nanoTime();
                // submitted while no controller runs: held by the client until one confirms it
                AsyncResult<List<Integer>> during = c.loadBalanced().mapAsync(x -> x + 1, List.of(1, 2, 3));

                controller.start(true);
                List<Integer> out = getOrExplain(results, c, dir);
                System.out.printf("controller killed mid-map and restored: all %d results %.2f s after the kill%n",
                        out.size(), (System.nanoTime() - killed) / 1e9);
                assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x * 2).toList());
                assertThat(during.get(Duration.ofSeconds(60))).containsExactly(2, 3, 4);
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(c.ids()).as("engines back with their ids").isEqualTo(ids));
                assertThat(c.status().submitted()).as("tasks the restored controller ran or restored")
                        .isLessThanOrEqualTo(1003);
            }
        }
    }

    /** The map's results; if some never come, a failure that says where the controller and the logs left them. */
    private static <T> T getOrExplain(AsyncResult<T> results, Client c, Path dir) throws Exception {
        try {
            return results.get(Duration.ofSeconds(180));
        } catch (TimeoutException e) {
            StringBuilder why = new StringBuilder(e.getMessage()).append("\nclient task ids without a result:");
            List<TaskMetadata> done = results.metadata();
            for (int i = 0; i < done.size(); i++) {
                if (done.get(i) == null) {
                    why.append(' ').append(results.taskIds().get(i));
                }
            }
            why.append("\nthe controller's unfinished tasks:");
            try {
                c.tasks(null, -1, 5000).tasks().stream()
                        .filter(t -> t.state() == TaskState.QUEUED || t.state() == TaskState.RUNNING)
                        .forEach(t -> why.append("\n  ").append(t));
            } catch (IOException unreachable) {
                why.append(" (the controller did not answer: ").append(unreachable.getMessage()).append(')');
            }
            try (Stream<Path> logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    why.append("\n").append(log.getFileName()).append(":");
                    List<String> lines = Files.readAllLines(log);
                    lines.subList(Math.max(0, lines.size() - 200), lines.size()).forEach(l -> why.append("\n  ").append(l));
                }
            }
            throw new AssertionError(why.toString(), e);
        }
    }

    /** A task long enough (3 ms of CPU) that a map of 1,000 is still running when something is killed. */
    static int doubledAfter3ms(int x) {
        long end = System.nanoTime() + 3_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return x * 2;
    }

    /** Null while the controller does not know the engine. */
    private static EngineState engineState(Client c, int id) throws IOException {
        return c.status().engines().stream().filter(e -> e.id() == id).map(EngineInfo::state).findFirst()
                .orElse(null);
    }

    /** A network namespace joined to this one by a veth pair; removed on close. Needs root and iproute2. */
    static final class Namespace implements AutoCloseable {
        private final String name;
        private final String hostSide;

        private Namespace(String name) {
            this.name = name;
            this.hostSide = name + "0";
        }

        static Namespace create(String name, String hostAddress, String nsAddress) throws Exception {
            boolean root = "root".equals(System.getProperty("user.name"));
            if ("1".equals(System.getenv("JCLUSTER_REQUIRE_SCHEDULERS"))) {
                assertThat(root).as("network namespace tests run as root in CI").isTrue();
            } else {
                Assumptions.assumeTrue(root, "network namespaces need root");
            }
            Namespace ns = new Namespace(name);
            ns.ip(true, "netns", "del", name);
            ns.ip(true, "link", "del", ns.hostSide);
            try {
                ns.ip(false, "netns", "add", name);
                ns.ip(false, "link", "add", ns.hostSide, "type", "veth", "peer", "name", name + "1");
                ns.ip(false, "link", "set", name + "1", "netns", name);
                ns.ip(false, "addr", "add", hostAddress + "/24", "dev", ns.hostSide);
                ns.ip(false, "link", "set", ns.hostSide, "up");
                ns.ip(false, "-n", name, "addr", "add", nsAddress + "/24", "dev", name + "1");
                ns.ip(false, "-n", name, "link", "set", name + "1", "up");
                ns.ip(false, "-n", name, "link", "set", "lo", "up");
                return ns;
            } catch (Exception e) {
                ns.close();
                throw e;
            }
        }

        List<String> prefix() {
            return List.of("ip", "netns", "exec", name);
        }

        void hostLinkDown() throws Exception {
            ip(false, "link", "set", hostSide, "down");
        }

        void hostLinkUp() throws Exception {
            ip(false, "link", "set", hostSide, "up");
        }

        private void ip(boolean mayFail, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("ip"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " hung");
            }
            if (p.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        }

        @Override
        public void close() throws Exception {
            ip(true, "link", "del", hostSide);
            ip(true, "netns", "del", name);
        }
    }
}
