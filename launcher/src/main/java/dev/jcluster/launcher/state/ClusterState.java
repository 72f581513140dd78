package dev.jcluster.launcher.state;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a cluster folder's processes are doing now, checked against the backends, never trusted
 * from the files alone: running (controller alive), stopped (by `jcluster stop`), or stale (the
 * files say running but the controller is gone: killed, crashed, or the machine rebooted).
 */
public record ClusterState(ClusterDir dir, ClusterInfo info, List<Launched> launched, Map<Launched, State> states,
                           Condition condition, int liveProcesses) {

    public enum Condition { RUNNING, STOPPED, STALE }

    public static ClusterState of(ClusterDir dir, Backends backends) throws IOException {
        ClusterInfo info = dir.info();
        List<Launched> launched = dir.launched();
        Map<Launched, State> states = statesOf(launched, dir.configure(backends));
        int live = 0;
        boolean controllerAlive = false;
        for (Launched l : launched) {
            if (states.get(l).alive()) {
                live++;
                controllerAlive |= l.runsController();
            }
        }
        Condition c = controllerAlive ? Condition.RUNNING : info.stopped() && live == 0 ? Condition.STOPPED
                : Condition.STALE;
        return new ClusterState(dir, info, launched, states, c, live);
    }

    /** Every launch's state, asking each backend once for all of its launches (one squeue, not one per job). */
    public static Map<Launched, State> statesOf(List<Launched> launched, Backends backends) {
        Map<String, List<Launched>> byBackend = new LinkedHashMap<>();
        launched.forEach(l -> byBackend.computeIfAbsent(l.backend(), b -> new ArrayList<>()).add(l));
        Map<Launched, State> out = new HashMap<>();
        byBackend.forEach((name, list) -> {
            try {
                out.putAll(backends.create(name).states(list));
            } catch (IllegalArgumentException unknownBackend) {
                list.forEach(l -> out.put(l, State.UNKNOWN));
            }
        });
        return out;
    }

    /** True when a batch scheduler launched it: a job with an id and a queue state, not a process. */
    public static boolean isJob(Launched l, Backends backends) {
        try {
            return backends.create(l.backend()).submitsJobs();
        } catch (IllegalArgumentException unknownBackend) {
            return false;
        }
    }

    /** How long to wait between looks at these launches: the slowest backend's pace. */
    public static Duration pollInterval(List<Launched> launched, Backends backends) {
        Duration d = Duration.ofMillis(100);
        for (String name : launched.stream().map(Launched::backend).distinct().toList()) {
            try {
                Duration b = backends.create(name).pollInterval();
                d = b.compareTo(d) > 0 ? b : d;
            } catch (IllegalArgumentException unknownBackend) {
                // nothing to ask it
            }
        }
        return d;
    }

    public boolean running() {
        return condition == Condition.RUNNING;
    }

    public String label() {
        return condition.name().toLowerCase(Locale.ROOT);
    }
}
