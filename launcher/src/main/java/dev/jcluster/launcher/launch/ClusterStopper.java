package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops a cluster in three steps: ask the controller (it tells engines to finish and exit), then
 * each backend's polite stop, then force; and checks that every process it launched is gone.
 */
public final class ClusterStopper {
    /** The longest a supervisor's step may take: a submission, or a drain the controller must answer. */
    private static final Duration SUPERVISOR_STEP = Duration.ofSeconds(20);

    private final Backends backends;
    private final Reporter reporter;

    public ClusterStopper(Backends backends, Reporter reporter) {
        this.backends = backends;
        this.reporter = reporter;
    }

    public void stop(ClusterState cluster, Duration grace) throws LaunchException {
        new ClusterStopper(cluster.dir().configure(backends), reporter).stopConfigured(cluster, grace);
    }

    private void stopConfigured(ClusterState cluster, Duration grace) throws LaunchException {
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
        cluster = afterSupervisor(cluster, grace);
        // jobs still queued will not hear the controller: cancel them now rather than after the grace period
        for (Launched l : cluster.launched()) {
            State s = cluster.states().getOrDefault(l, State.UNKNOWN);
            if (s.queued()) {
                cancel(l, s, grace, survivors);
            }
        }
        awaitGone(cluster.launched(), grace);
        for (Launched l : alive(cluster.launched())) {
            cancel(l, State.RUNNING, grace, survivors);
        }
        for (Launched l : alive(cluster.launched())) {
            survivors.add(l.role() + " " + l.id() + " is still alive");
        }
        if (ClassArchive.adoptWritten(cluster.dir().cacheDir(), cluster.dir().name())) {
            reporter.line("class archive written: local engines and controllers start faster from now on");
        }
        if (!survivors.isEmpty()) {
            throw new LaunchException("cluster " + cluster.dir().name() + " did not stop completely:\n    "
                    + String.join("\n    ", survivors));
        }
    }

    private void cancel(Launched l, State state, Duration grace, List<String> survivors) {
        boolean job = ClusterState.isJob(l, backends);
        reporter.line(l.role() + " (" + l.backend() + (job ? " job " : " pid ") + l.id() + ") "
                + (state == State.RUNNING ? "did not exit; " : "is " + state + "; ")
                + (job ? "cancelling it" : "stopping it"));
        try {
            backends.create(l.backend()).stop(l, grace);
        } catch (BackendException | IllegalArgumentException e) {
            survivors.add(l.role() + " " + l.id() + ": " + e.getMessage());
        }
    }

    /**
     * The supervisor ends on its own once it sees the cluster stopped, after what it is doing: it may
     * be submitting engines, which it records first, so the launches are read again after it.
     */
    private ClusterState afterSupervisor(ClusterState cluster, Duration grace) throws LaunchException {
        List<Launched> supervisors = cluster.launched().stream().filter(l -> l.role().equals(Supervisor.ROLE))
                .toList();
        if (supervisors.isEmpty()) {
            return cluster;
        }
        awaitGone(supervisors, grace.plus(SUPERVISOR_STEP));
        try {
            return ClusterState.of(cluster.dir(), backends);
        } catch (IOException e) {
            throw new LaunchException("cannot read " + cluster.dir().path() + ": " + e.getMessage(), e);
        }
    }

    private void askController(ClusterState cluster) {
        try (Client client = Client.connect(ConnectionInfo.read(cluster.dir().connectionFile()),
                new DefaultSerializer(), Duration.ofSeconds(5))) {
            client.shutdownCluster("jcluster stop");
        } catch (IOException e) {
            reporter.line("the controller did not answer (" + e.getMessage() + "); stopping processes directly");
        }
    }

    private List<Launched> alive(List<Launched> all) {
        Map<Launched, State> states = ClusterState.statesOf(all, backends);
        return all.stream().filter(l -> states.get(l).alive()).toList();
    }

    private void awaitGone(List<Launched> all, Duration grace) throws LaunchException {
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = ClusterState.pollInterval(all, backends).toMillis();
        while (!alive(all).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for the cluster to stop");
            }
        }
    }
}
