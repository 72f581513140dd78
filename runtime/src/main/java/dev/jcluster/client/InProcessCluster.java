package dev.jcluster.client;

import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.engine.Engine;
import dev.jcluster.engine.EngineConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A controller and engines as threads of this JVM, on loopback: the degenerate case of a cluster. */
final class InProcessCluster implements AutoCloseable {
    private final Controller controller;
    private final List<Engine> engines = new ArrayList<>();

    private InProcessCluster(Controller controller) {
        this.controller = controller;
    }

    static InProcessCluster start(int engineCount) throws IOException {
        if (engineCount < 1) {
            throw new IllegalArgumentException("engines < 1: " + engineCount);
        }
        Controller controller = Controller.start(ControllerConfig.builder(ClusterKey.random())
                .clusterId("in-process").bindHost("127.0.0.1").build());
        InProcessCluster cluster = new InProcessCluster(controller);
        try {
            for (int i = 0; i < engineCount; i++) {
                cluster.engines.add(Engine.start(EngineConfig.of(controller.connectionInfo()).withEngineId(i)));
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    ConnectionInfo connectionInfo() {
        return controller.connectionInfo();
    }

    @Override
    public void close() {
        for (Engine e : engines) {
            e.close();
        }
        controller.close();
    }
}
