package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import dev.jcluster.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real engine JVMs told to beat more slowly when the cluster outgrows the heartbeat budget: they
 * do, nobody is lost for beating slowly, work still runs, and a hung engine is still noticed.
 * A budget of 6 frames a second makes three engines "large": 3 x 1.5 / 6 = 0.75 s, so 937 ms.
 */
class StretchedHeartbeatTest {
    @TempDir
    Path dir;

    @Test
    void enginesBeatAtTheStretchedPeriodStayConnectedAndAHungOneIsStillLost() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3,
                b -> b.heartbeat(Duration.ofMillis(200), 3).heartbeatBudget(6)); Client c = cluster.client()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Status s = c.status();
                assertThat(s.heartbeatStretched()).isTrue();
                assertThat(s.heartbeatMillis()).isEqualTo(937);
                assertThat(s.lostAfterMillis()).isEqualTo(3 * 937);
            });
            // at the profile's 200 ms no beat would ever be this old
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> c.status().engines().stream().anyMatch(e -> e.heartbeatAgeMillis() > 500));
            // longer than the 600 ms the controller allowed before, and than the 1.2 s engines allowed the controller
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> c.status().engines().stream().noneMatch(e -> e.state() == EngineState.LOST));
            assertThat(c.direct().apply(() -> 6 * 7)).containsExactly(42, 42, 42);

            EngineInfo victim = c.status().engines().get(1);
            Process process = cluster.engines().processes().stream().filter(p -> p.pid() == victim.pid())
                    .findFirst().orElseThrow();
            try {
                assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start()
                        .waitFor(10, TimeUnit.SECONDS)).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> c.status().engines().stream().filter(e -> e.id() == victim.id())
                                .allMatch(e -> e.state() == EngineState.LOST));
                assertThat(c.status().engines()).filteredOn(e -> e.id() != victim.id())
                        .extracting(EngineInfo::state).containsOnly(EngineState.IDLE);
            } finally {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
