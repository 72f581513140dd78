package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.engine.Engine;
import dev.jcluster.engine.EngineConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's task store: what it holds, who may read it, and that it does not keep what nobody will take. */
class TaskStoreTest {
    @TempDir
    Path dir;

    @Test
    void aNoteOutlivesItsControllerInTheStoreAndAnEmptyOneIsGone() throws Exception {
        Path file = dir.resolve("store.mv");
        ClusterKey key = ClusterKey.random();
        try (Controller controller = Controller.start(ControllerConfig.builder(key).store(file, false).build());
             Client c = Client.connect(controller.connectionInfo())) {
            assertThat(c.note("adapt", "{\"failures\":2}").notes()).containsEntry("adapt", "{\"failures\":2}");
            c.note("scratch", "x");
            assertThat(c.note("scratch", "").notes()).containsOnlyKeys("adapt");
        }
        try (Controller restored = Controller.start(ControllerConfig.builder(key).store(file, true).build());
             Client c = Client.connect(restored.connectionInfo())) {
            assertThat(c.status().notes()).containsExactly(java.util.Map.entry("adapt", "{\"failures\":2}"));
        }
    }

    @Test
    void theStoreEmptiesAsResultsAreTakenAndDropsWhatAnAbsentClientNeverTook() throws Exception {
        Path file = dir.resolve("store.mv");
        try (Controller controller = Controller.start(ControllerConfig.builder(ClusterKey.random())
                .store(file, false).keepUntaken(Duration.ofMillis(500)).build());
             Engine engine = Engine.start(EngineConfig.of(controller.connectionInfo()).withEngineId(0));
             Client observer = Client.connect(controller.connectionInfo())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            try (Client c = Client.connect(controller.connectionInfo())) {
                assertThat(c.direct(0).execute("6 * 7").get(0).value()).isEqualTo("42");
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Status s = observer.status();
                assertThat(s.untaken()).as("a taken result is forgotten").isZero();
                assertThat(s.stored()).as("and leaves the store").isZero();
            });

            Client leaving = Client.connect(controller.connectionInfo());
            leaving.direct(0).executeAsync("Thread.sleep(1500); 1");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> observer.status().engines().get(0).state() == EngineState.BUSY);
            leaving.close();  // gone before its result
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> observer.status().untaken() == 1);
            assertThat(observer.status().stored()).as("the result waits in the store").isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Status s = observer.status();
                assertThat(s.untaken()).as("dropped after controller.keep-untaken").isZero();
                assertThat(s.stored()).isZero();
            });
        }
    }
}
