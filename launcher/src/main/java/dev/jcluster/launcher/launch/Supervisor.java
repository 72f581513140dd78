package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a running cluster, once a second, and mends what its profile asks it to: a local
 * controller that died is started again from its store (controller.restart), and lost engines are
 * replaced to keep N (engines.keep-running). Each has a cap (controller.max-restarts,
 * engines.max-restarts): past it the supervisor stops trying and says why in the cluster's
 * supervisor.problem, which `status` shows, since what keeps dying will not be saved by more
 * restarts. It ends when the cluster is stopped, or its controller is gone and not to be restored.
 */
public final class Supervisor {
    public static final String ROLE = "supervisor";
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ClusterLauncher launcher;
    private final Backends backends;
    private final ClusterDir dir;
    private final Profile profile;
    private final int engineTarget;
    private final boolean restoreController;
    private final Reporter log;
    private int controllerRestarts;
    private int engineRestarts;
    private Adapter adapter;
    /** The adapter's connection, kept between looks (a client per look would leave a session each time). */
    private Client adaptClient;
    private long nextLookNanos;

    /** {@code engineTarget} 0: leave engines alone. */
    public Supervisor(ClusterLauncher launcher, Backends backends, ClusterDir dir, Profile profile, int engineTarget,
                      boolean restoreController, Reporter log) {
        this.launcher = launcher;
        this.backends = backends;
        this.dir = dir;
        this.profile = profile;
        this.engineTarget = engineTarget;
        this.restoreController = restoreController;
        this.log = log;
    }

    /** Whether this profile wants a supervisor at all. */
    public static boolean wanted(Profile profile) {
        return profile.engines().keepRunning() || restoresController(profile) || profile.adapt().enabled();
    }

    /** A controller on this host is brought back by the supervisor; elsewhere `start --restore` does it. */
    public static boolean restoresController(Profile profile) {
        return profile.controller().restart() && profile.controller().store()
                && profile.controller().backend().equals("local");
    }

    /** The supervisor as a process of the cluster, recorded with the others so that `stop` ends it too. */
    public static Launched launch(ClusterDir dir, Profile profile, String clusterId, int engines) throws LaunchException {
        List<String> args = new ArrayList<>(List.of("supervise", "--profile", profile.name(), "--cluster-id", clusterId,
                "-n", Integer.toString(profile.engines().keepRunning() && !profile.adapt().enabled() ? engines : 0)));
        if (restoresController(profile)) {
            args.add("--restore-controller");
        }
        return Companion.launch(dir, ROLE, args);
    }

    /** Runs until the cluster is stopped (0), the controller is gone for good (1), or restarts ran out (3). */
    public int run() throws IOException, InterruptedException {
        try {
            return watch();
        } finally {
            if (adaptClient != null) {
                adaptClient.close();
            }
        }
    }

    private int watch() throws IOException, InterruptedException {
        log.line("watching cluster " + dir.name() + ": "
                + (restoreController ? "a controller that dies is restored (at most "
                + profile.controller().maxRestarts() + " times)" : "the controller is not restored")
                + (engineTarget > 0 ? "; kept at " + engineTarget + " engines (at most "
                + profile.engines().maxRestarts() + " restarts)" : "")
                + (profile.adapt().enabled() ? "; engines follow the queue between " + profile.adapt().min()
                + " and " + profile.adapt().max() + " (adapt)" : ""));
        while (true) {
            Thread.sleep(PERIOD.toMillis());
            if (dir.info().stopped()) {
                log.line("the cluster was stopped; the supervisor ends");
                return 0;
            }
            if (!ClusterState.of(dir, backends).running()) {
                int code = controllerGone();
                if (code >= 0) {
                    return code;
                }
                continue;
            }
            if (profile.adapt().enabled()) {
                adapt();
            } else if (engineTarget > 0) {
                int code = keepEngines();
                if (code >= 0) {
                    return code;
                }
            }
        }
    }

    /** Restores the controller if allowed; returns an exit code to end with, or -1 to go on. */
    private int controllerGone() throws IOException {
        if (!restoreController) {
            log.line("the controller is gone; the supervisor ends");
            return 1;
        }
        int cap = profile.controller().maxRestarts();
        if (controllerRestarts >= cap) {
            return giveUp("gave up restoring the controller after " + controllerRestarts + " restart(s) "
                    + "(controller.max-restarts: " + cap + "); see " + dir.controllerLog());
        }
        if (dir.info().stopped()) {
            return -1;  // `stop` ran since the last look: the next turn ends the supervisor
        }
        controllerRestarts++;
        log.line("the controller died; restoring it from its store (restart " + controllerRestarts + " of " + cap + ")");
        try {
            launcher.restoreController(dir, profile, profile.timeouts().start());
        } catch (LaunchException e) {
            log.line("restoring the controller failed: " + e.getMessage());
        }
        return -1;
    }

    /** A look for the adapter, once per adapt.interval; trouble reaching the controller waits for the next. */
    private void adapt() {
        long now = System.nanoTime();
        if (now < nextLookNanos) {
            return;
        }
        nextLookNanos = now + profile.adapt().interval().toNanos();
        try {
            if (adaptClient == null) {
                adaptClient = Client.connect(ConnectionInfo.read(dir.connectionFile()));
            }
            if (adapter == null) {
                adapter = new Adapter(launcher, backends, dir, profile, log,
                        AdaptNote.in(adaptClient.status().notes()).orElse(null));
            }
            adapter.step(adaptClient);
        } catch (IOException e) {
            log.line("adapt: " + e.getMessage() + "; trying again in " + profile.adapt().interval().toSeconds() + " s");
        }
    }

    /** Replaces lost engines; returns an exit code to end with, or -1 to go on. */
    private int keepEngines() throws IOException {
        List<EngineInfo> engines;
        try (Client c = Client.connect(ConnectionInfo.read(dir.connectionFile()))) {
            engines = c.status().engines();
        } catch (IOException e) {
            log.line("cannot reach the controller (" + e.getMessage() + "); trying again");
            return -1;
        }
        List<String> lost = new ArrayList<>();
        long live = 0;
        for (EngineInfo e : engines) {
            if (e.state() == EngineState.LOST) {
                lost.add("engine " + e.id() + " on " + e.host());
            } else if (e.state().live() && e.state() != EngineState.DRAINING) {
                live++;
            }
        }
        int missing = (int) (engineTarget - live);
        if (missing <= 0) {
            return -1;
        }
        int cap = profile.engines().maxRestarts();
        if (engineRestarts + missing > cap) {
            return giveUp("gave up keeping " + engineTarget + " engines after " + engineRestarts + " restart(s) "
                    + "(engines.max-restarts: " + cap + "): engines keep dying; lost so far: "
                    + String.join(", ", lost) + "; see " + dir.logDir() + "/engine-*.log");
        }
        engineRestarts += missing;
        log.line(missing + " engine(s) lost (" + String.join(", ", lost) + "); starting " + missing
                + " replacement(s), restart " + engineRestarts + " of " + cap);
        try {
            List<Integer> ids = launcher.addEngines(ClusterState.of(dir, backends), profile, missing,
                    profile.timeouts().start());
            log.line("cluster back at " + ids.size() + " engines: " + ids);
        } catch (LaunchException e) {
            log.line("replacements failed: " + e.getMessage());
        }
        return -1;
    }

    private int giveUp(String problem) throws IOException {
        Files.writeString(dir.path().resolve("supervisor.problem"), problem + "\n");
        log.line(problem);
        return 3;
    }
}
