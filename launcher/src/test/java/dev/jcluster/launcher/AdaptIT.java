package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `adapt: {min: 1, max: 4}` through the installed command, on local engines, on the real Slurm
 * and Grid Engine of test-cluster/, and through the HTCondor and LSF stand-ins: 200 tasks of half a second bring the cluster to 4 engines, it
 * shrinks back to 1 once idle, every task runs once and every result arrives once, and `stop` leaves
 * no job in any queue.
 */
class AdaptIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int TASKS = 200;

    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    @AfterEach
    void nothingLeftInQueuesOrRunning() throws Exception {
        if (jcluster == null) {
            return;
        }
        assertThat(TestScheduler.endLeftovers(jcluster)).as("jobs and processes a test left behind").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "slurm", "sge", "htcondor", "lsf"})
    void theEngineCountFollowsTheQueueUpToMaxAndBackToMin(String backend) throws Exception {
        boolean real = List.of("slurm", "sge").contains(backend);
        if (real) {
            TestScheduler.valueOf(backend.toUpperCase(Locale.ROOT)).requireRunning();
        }
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
        if (!real && !backend.equals("local")) {
            StandInJobs.use(jcluster, backend, tmp.resolve("scheduler"));
        }
        Files.writeString(jcluster.home().resolve("profiles/elastic.yaml"), "engines:\n  backend: " + backend
                + "\nadapt:\n  min: 1\n  max: 4\n  idle: 4s\n  interval: 1s\nbatch:\n  walltime: 10m\n"
                + "  job-name: jc-adapt\n");

        var start = jcluster.run("start", "--profile", "elastic", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("engines follow the queue between 1 and 4 (adapt)");

        Path ran = tmp.resolve("ran.txt");
        String ranPath = ran.toString();
        List<Integer> inputs = IntStream.range(0, TASKS).boxed().toList();
        Path connection = jcluster.home().resolve("clusters/elastic-default/connection.properties");
        List<Integer> results;
        try (Client c = Client.connect(connection)) {
            assertThat(live(c)).as("started at adapt.min").isEqualTo(1);
            AsyncResult<List<Integer>> all = c.loadBalanced().mapAsync(i -> {
                Files.writeString(Path.of(ranPath), i + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(500);
                return i * i;
            }, inputs);
            int[] most = {0};
            Awaitility.await("the map").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                most[0] = Math.max(most[0], live(c));
                return all.isDone();
            });
            results = all.get(Duration.ofSeconds(5));
            assertThat(most[0]).as("engines at the busiest: max, never more").isEqualTo(4);

            var status = jcluster.run("status", "--profile", "elastic");
            assertThat(status.out()).contains("adapt (1..4 engines): ").contains("adding 3 (");

            // back to adapt.min: one engine idle, every other one drained and left; none was lost
            Awaitility.await("back to adapt.min").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(c.status().engines()).extracting(EngineInfo::state)
                            .filteredOn(st -> st != EngineState.LEFT).containsExactly(EngineState.IDLE));
            assertThat(c.status().engines()).filteredOn(e -> e.state() == EngineState.LEFT).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(results).isEqualTo(inputs.stream().map(i -> i * i).toList());
        Map<String, Long> runs = Files.readAllLines(ran).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(runs).as("each input ran once").hasSize(TASKS).allSatisfy((input, n) -> assertThat(n).isEqualTo(1L));

        var json = jcluster.run("status", "--profile", "elastic", "--json");
        JsonNode adapt = new ObjectMapper().readTree(json.out()).get("adapt");
        assertThat(adapt.get("events").toString()).contains("idle 4s, draining");

        var stop = jcluster.run("stop", "--profile", "elastic");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
        if (!backend.equals("local")) {
            assertThat(jcluster.launched()).filteredOn(l -> l.backend().equals(backend))
                    .as("the start's job and the adapter's").hasSizeGreaterThanOrEqualTo(2);
        }
        if (real) {
            TestScheduler s = TestScheduler.valueOf(backend.toUpperCase(Locale.ROOT));
            assertThat(jcluster.launched()).filteredOn(l -> l.backend().equals(backend))
                    .allSatisfy(l -> assertThat(s.inQueue(l.id())).as(backend + " job " + l.id()).isFalse());
        }
        assertThat(StandInJobs.stillRunning(tmp.resolve("scheduler"))).as("processes of stand-in jobs").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void aQueueTheSchedulerWouldRefuseFailsTheStartAtOnceThroughATrialSubmission(String backend) throws Exception {
        TestScheduler s = TestScheduler.valueOf(backend.toUpperCase(Locale.ROOT));
        s.requireRunning();
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
        Files.writeString(jcluster.home().resolve("profiles/wrong.yaml"), "engines:\n  backend: " + backend
                + "\nadapt:\n  max: 4\nbatch:\n  queue: no-such-queue\n");

        var start = jcluster.run("start", "--profile", "wrong", "-d");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.err()).contains(backend + " would refuse the engines-0-3 job")
                .contains("a trial that submits nothing").containsIgnoringCase(s.unknownQueueMessage());
        assertThat(jcluster.launched()).as("nothing was launched, not even the controller").isEmpty();
    }

    private static int live(Client c) throws Exception {
        return (int) c.status().engines().stream().map(EngineInfo::state)
                .filter(s -> s == EngineState.IDLE || s == EngineState.BUSY)
                .count();
    }
}
