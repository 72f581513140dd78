package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine whose batch job is about to end (JCLUSTER_JOB_END, as the job scripts export it)
 * stops taking tasks a margin before it, gives back what it had not started, finishes what it
 * runs and leaves; every task still completes, on the other engine, and none is counted as failed.
 */
class WalltimeTest {
    @TempDir
    Path dir;

    @Test
    void anEngineNearItsWalltimeGivesBackQueuedWorkAndLeavesWithoutLosingATask() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 1); Client c = cluster.client()) {
            // its job "ends" 9 s from now; with a 6 s margin it drains about 3 s from now
            Map<String, String> job = Map.of("JCLUSTER_JOB_END", Long.toString(Instant.now().getEpochSecond() + 9),
                    "JCLUSTER_WALLTIME_MARGIN", "6");
            Process leaving = cluster.engines().start(List.of(), job, cluster.connectionFile());
            int leavingId = c.waitForEngines(2, Duration.ofSeconds(60)).stream()
                    .filter(id -> pidOf(c, id) == leaving.pid()).findFirst().orElseThrow();

            List<Integer> inputs = IntStream.range(0, 120).boxed().toList();
            List<Integer> out = c.loadBalanced().mapAsync(x -> {
                Thread.sleep(100);
                return x + 1;
            }, inputs).get(Duration.ofSeconds(180));

            assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x + 1).toList());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !leaving.isAlive());
            assertThat(leaving.exitValue()).as("it left by itself, in order").isZero();
            assertThat(c.status().failed()).isZero();
            assertThat(c.status().engines()).filteredOn(e -> e.id() == leavingId).extracting(EngineInfo::state)
                    .as("left as told, not lost").containsExactly(EngineState.LEFT);
            List<TaskRow> rows = c.tasks(null, -1, 500).tasks();
            assertThat(rows).filteredOn(t -> t.state() == TaskState.DONE).hasSize(120);
            assertThat(rows).as("no task needed a second attempt").allSatisfy(t -> assertThat(t.attempts()).isEqualTo(1));
            String log = Files.readString(dir.resolve("engine-1.log"));
            assertThat(log).contains("draining (the batch job's walltime ends at").contains("unstarted task(s)");
        }
    }

    private static long pidOf(Client c, int id) {
        try {
            return c.status().engines().stream().filter(e -> e.id() == id).findFirst().orElseThrow().pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
