package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.EngineProcesses;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that starts before its controller listens (a batch job that runs first, a machine
 * busy starting thirty JVMs) keeps trying, and registers once the controller is there.
 */
class EngineBeforeControllerTest {
    @TempDir
    Path dir;

    @Test
    void anEngineWaitsForAControllerThatIsNotListeningYet() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ClusterKey key = ClusterKey.random();
        Path file = dir.resolve("connection.properties");
        new ConnectionInfo("early", List.of(InetSocketAddress.createUnresolved("127.0.0.1", port)), key, -1)
                .write(file);
        try (EngineProcesses engines = new EngineProcesses(dir)) {
            engines.start(file, "--reconnect-deadline-ms", "120000");
            Path log = dir.resolve("engine-0.log");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("no controller yet"));
            assertThat(engines.processes().get(0).isAlive()).as("still trying, not given up").isTrue();

            try (Controller controller = Controller.start(ControllerConfig.builder(key).clusterId("early").port(port)
                    .build());
                 Client c = Client.connect(controller.connectionInfo())) {
                assertThat(c.waitForEngines(1, Duration.ofSeconds(60))).containsExactly(0);
                assertThat(c.direct(0).apply(() -> 6 * 7)).containsExactly(42);
            }
        }
    }
}
