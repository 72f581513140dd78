package dev.jcluster.server;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.engine.Engine;
import dev.jcluster.engine.EngineConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A controller and engines as threads of this JVM, on loopback: the degenerate case of a cluster,
 * with the same client API. Code written for a cluster then runs, and is tested, with no cluster
 * at all:
 * <pre>{@code
 * try (InProcessCluster cluster = InProcessCluster.start(4); Client client = cluster.client()) {
 *     client.loadBalanced().map(x -> x * x, inputs);
 * }
 * }</pre>
 * It lives in jcluster-server because it runs a controller and engines; a program that only
 * connects to clusters needs jcluster-client alone.
 */
public final class InProcessCluster implements AutoCloseable {
    private static final Duration REGISTRATION = Duration.ofSeconds(30);

    private final Controller controller;
    private final List<Engine> engines = new ArrayList<>();

    private InProcessCluster(Controller controller) {
        this.controller = controller;
    }

    /** Starts a controller and {@code engineCount} engines, and returns once they run. */
    public static InProcessCluster start(int engineCount) throws IOException {
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

    /** A new client of this cluster, returned once every engine has registered; close it before the cluster. */
    public Client client() throws IOException {
        Client client = Client.connect(connectionInfo());
        try {
            client.waitForEngines(engines.size(), REGISTRATION);
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public ConnectionInfo connectionInfo() {
        return controller.connectionInfo();
    }

    /** Stops the engines and the controller. */
    @Override
    public void close() {
        for (Engine e : engines) {
            e.close();
        }
        controller.close();
    }
}
