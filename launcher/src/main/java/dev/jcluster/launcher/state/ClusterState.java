package dev.jcluster.launcher.state;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import java.io.IOException;
import java.util.List;

/**
 * What a cluster folder's processes are doing now, checked against the backends, never trusted
 * from the files alone: running (controller alive), stopped (by `jcluster stop`), or stale (the
 * files say running but the controller is gone: killed, crashed, or the machine rebooted).
 */
public record ClusterState(ClusterDir dir, ClusterInfo info, List<Launched> launched, Condition condition,
                           int liveProcesses) {

    public enum Condition { RUNNING, STOPPED, STALE }

    public static ClusterState of(ClusterDir dir, Backends backends) throws IOException {
        ClusterInfo info = dir.info();
        List<Launched> launched = dir.launched();
        int live = 0;
        boolean controllerAlive = false;
        for (Launched l : launched) {
            State s = stateOf(l, backends);
            if (s.alive()) {
                live++;
                controllerAlive |= l.role().equals("controller");
            }
        }
        Condition c = controllerAlive ? Condition.RUNNING : info.stopped() && live == 0 ? Condition.STOPPED
                : Condition.STALE;
        return new ClusterState(dir, info, launched, c, live);
    }

    public static State stateOf(Launched l, Backends backends) {
        try {
            return backends.create(l.backend()).state(l);
        } catch (IllegalArgumentException unknownBackend) {
            return State.UNKNOWN;
        }
    }

    public boolean running() {
        return condition == Condition.RUNNING;
    }

    public String label() {
        return condition.name().toLowerCase(java.util.Locale.ROOT);
    }
}
