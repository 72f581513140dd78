package dev.jcluster.testing;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.controller.ControllerConfigBuilder;
import dev.jcluster.protocol.ClusterKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A controller in the test JVM and real engine JVMs around it; closes everything it started. */
public final class TestCluster implements AutoCloseable {
    private final Controller controller;
    private final EngineProcesses engines;
    private final Path connectionFile;

    private TestCluster(Controller controller, EngineProcesses engines, Path connectionFile) {
        this.controller = controller;
        this.engines = engines;
        this.connectionFile = connectionFile;
    }

    public static TestCluster start(Path dir, int engineCount) throws Exception {
        return start(dir, engineCount, b -> b);
    }

    public static TestCluster start(Path dir, int engineCount, UnaryOperator<ControllerConfigBuilder> tweak)
            throws Exception {
        Controller controller = Controller.start(tweak.apply(ControllerConfig.builder(ClusterKey.random())
                .clusterId("test")).build());
        Path file = dir.resolve("connection.properties");
        controller.connectionInfo().write(file);
        EngineProcesses engines = new EngineProcesses(dir);
        TestCluster cluster = new TestCluster(controller, engines, file);
        try {
            for (int i = 0; i < engineCount; i++) {
                engines.start(file);
            }
            if (engineCount > 0) {
                try (Client c = cluster.client()) {
                    c.waitForEngines(engineCount, Duration.ofSeconds(60));
                }
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    public Client client() throws IOException {
        return Client.connect(connectionFile);
    }

    public Path connectionFile() {
        return connectionFile;
    }

    public Controller controller() {
        return controller;
    }

    public EngineProcesses engines() {
        return engines;
    }

    @Override
    public void close() throws Exception {
        try {
            engines.close();
        } finally {
            controller.close();
        }
    }
}
