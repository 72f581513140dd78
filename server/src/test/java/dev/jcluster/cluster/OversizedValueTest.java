package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value larger than a process on its way can hold fails its call once, naming size, limit and
 * process, instead of breaking the connection and being sent again; the cluster keeps working.
 */
class OversizedValueTest {
    @TempDir
    Path dir;

    @Test
    void valuesAndResultsOverTheControllersLimitFailOnceAndTheClusterGoesOn() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            // its heap sets no limit (large frames go to its spool): controller.max-value does
            controller.start(false, List.of("-Xmx64m"), "--max-value-bytes", String.valueOf(32 << 20));
            // the controller's route: with a data link, large values would not pass through it (DataLinkTest)
            engines.start(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Djcluster.data-links=false"),
                    controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                byte[] big = new byte[40 << 20];
                assertThatThrownBy(() -> client.direct(0).pushAsync(Map.of("big", big)).get(Duration.ofMinutes(2)))
                        .isInstanceOf(IOException.class).hasMessageContaining("41,943,0")
                        .hasMessageContaining("over the controller's limit of").hasMessageContaining("nothing was sent");

                assertThatThrownBy(() -> client.direct(0).applyAsync(() -> new byte[40 << 20])
                        .get(Duration.ofMinutes(2))).isInstanceOf(RemoteException.class)
                        .hasMessageContaining("dev.jcluster.ValueTooLargeException")
                        .hasMessageContaining("this task's result on engine 0 is 41,943,")
                        .hasMessageContaining("over the controller's limit of");

                assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);
                assertThat(client.status().engines()).hasSize(1);
            }
        }
    }

    @Test
    void aValueOverAnEnginesLimitFailsNamingTheEngine() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false);
            engines.start(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"), controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                byte[] big = new byte[40 << 20];
                assertThatThrownBy(() -> client.direct(0).pushAsync(Map.of("big", big)).get(Duration.ofMinutes(2)))
                        .isInstanceOf(RemoteException.class).hasMessageContaining("dev.jcluster.ValueTooLargeException")
                        .hasMessageContaining("over engine 0 on").hasMessageContaining("engines.jvm-options -Xmx");
                assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);
            }
        }
    }
}
