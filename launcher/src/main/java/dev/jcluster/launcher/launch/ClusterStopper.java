package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a cluster in three steps: ask the controller (it tells engines to finish and exit), then
 * each backend's polite stop, then force; and checks that every process it launched is gone.
 */
public final class ClusterStopper {
    private final Backends backends;
    private final Reporter reporter;

    public ClusterStopper(Backends backends, Reporter reporter) {
        this.backends = backends;
        this.reporter = reporter;
    }

    public void stop(ClusterState cluster, Duration grace) throws LaunchException {
        List<String> survivors = new ArrayList<>();
        try {
            // recorded first: whoever watches the controller exit then knows it was asked to
            cluster.dir().writeInfo(cluster.info().asStopped());
        } catch (IOException e) {
            survivors.add("cannot mark " + cluster.dir().path() + " stopped: " + e.getMessage());
        }
        if (cluster.running()) {
            askController(cluster);
        }
        awaitGone(cluster.launched(), grace);
        for (Launched l : alive(cluster.launched())) {
            try {
                reporter.line(l.role() + " (" + l.backend() + " " + l.id() + ") did not exit; stopping it");
                backends.create(l.backend()).stop(l, grace);
            } catch (BackendException | IllegalArgumentException e) {
                survivors.add(l.role() + " " + l.id() + ": " + e.getMessage());
            }
        }
        for (Launched l : alive(cluster.launched())) {
            survivors.add(l.role() + " " + l.id() + " is still alive");
        }
        if (!survivors.isEmpty()) {
            throw new LaunchException("cluster " + cluster.dir().name() + " did not stop completely:\n    "
                    + String.join("\n    ", survivors));
        }
    }

    private void askController(ClusterState cluster) {
        try (Client client = Client.connect(ConnectionInfo.read(cluster.dir().connectionFile()),
                new dev.jcluster.protocol.DefaultSerializer(), Duration.ofSeconds(5))) {
            client.shutdownCluster("jcluster stop");
        } catch (IOException e) {
            reporter.line("the controller did not answer (" + e.getMessage() + "); stopping processes directly");
        }
    }

    private List<Launched> alive(List<Launched> all) {
        List<Launched> out = new ArrayList<>();
        for (Launched l : all) {
            if (ClusterState.stateOf(l, backends).alive()) {
                out.add(l);
            }
        }
        return out;
    }

    private void awaitGone(List<Launched> all, Duration grace) throws LaunchException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!alive(all).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for the cluster to stop");
            }
        }
    }
}
