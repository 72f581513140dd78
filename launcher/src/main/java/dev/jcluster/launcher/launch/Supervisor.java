package dev.jcluster.launcher.launch;

import dev.jcluster.backends.local.LocalBackend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a cluster at N engines (profile: engines.keep-running): every second it counts the live
 * engines and starts replacements for lost ones through the cluster's backend, until it has
 * restarted engines.max-restarts of them; then it stops trying and says so (in the cluster's
 * supervisor.problem, which `status` shows), since engines that keep dying will not be saved by
 * more restarts. It ends when the cluster is stopped or its controller is gone.
 */
public final class Supervisor {
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ClusterLauncher launcher;
    private final Backends backends;
    private final ClusterDir dir;
    private final Profile profile;
    private final int target;
    private final Reporter log;

    public Supervisor(ClusterLauncher launcher, Backends backends, ClusterDir dir, Profile profile, int target,
                      Reporter log) {
        this.launcher = launcher;
        this.backends = backends;
        this.dir = dir;
        this.profile = profile;
        this.target = target;
        this.log = log;
    }

    /** The supervisor as a process of the cluster, recorded with the others so that `stop` ends it too. */
    public static Launched launch(ClusterDir dir, Profile profile, String clusterId, int engines) throws LaunchException {
        List<String> args = List.of("supervise", "--profile", profile.name(), "--cluster-id", clusterId, "-n",
                Integer.toString(engines));
        List<String> jvm = List.of("-Xmx128m", "-XX:+UseSerialGC",
                "-Djcluster.dist=" + System.getProperty("jcluster.dist", "."));
        ProcessSpec spec = new ProcessSpec("supervisor", JavaCommand.of(jvm, List.of(), "dev.jcluster.launcher.Main",
                args), dir.path(), Map.of("JCLUSTER_HOME", dir.path().getParent().getParent().toString()),
                dir.logDir().resolve("supervisor.log"));
        try {
            Launched l = new LocalBackend().launch(spec, "local", 1);
            dir.record(l);
            return l;
        } catch (BackendException e) {
            throw new LaunchException("cannot start the engine supervisor: " + e.getMessage(), e);
        }
    }

    /** Runs until the cluster is stopped (0), the controller is gone (1), or restarts ran out (3). */
    public int run() throws IOException, InterruptedException {
        int restarts = 0;
        int cap = profile.engines().maxRestarts();
        log.line("keeping cluster " + dir.name() + " at " + target + " engines (at most " + cap + " restarts)");
        while (true) {
            Thread.sleep(PERIOD.toMillis());
            if (dir.info().stopped()) {
                log.line("the cluster was stopped; the supervisor ends");
                return 0;
            }
            if (!ClusterState.of(dir, backends).running()) {
                log.line("the controller is gone; the supervisor ends");
                return 1;
            }
            List<EngineInfo> engines;
            try (Client c = Client.connect(ConnectionInfo.read(dir.connectionFile()))) {
                engines = c.status().engines();
            } catch (IOException e) {
                log.line("cannot reach the controller (" + e.getMessage() + "); trying again");
                continue;
            }
            List<String> lost = new ArrayList<>();
            long live = 0;
            for (EngineInfo e : engines) {
                if ("lost".equals(e.state())) {
                    lost.add("engine " + e.id() + " on " + e.host());
                } else if (!"draining".equals(e.state())) {
                    live++;
                }
            }
            int missing = (int) (target - live);
            if (missing <= 0) {
                continue;
            }
            if (restarts + missing > cap) {
                String problem = "gave up keeping " + target + " engines after " + restarts + " restart(s) "
                        + "(engines.max-restarts: " + cap + "): engines keep dying; lost so far: "
                        + String.join(", ", lost) + "; see " + dir.logDir() + "/engine-*.log";
                Files.writeString(dir.path().resolve("supervisor.problem"), problem + "\n");
                log.line(problem);
                return 3;
            }
            restarts += missing;
            log.line(missing + " engine(s) lost (" + String.join(", ", lost) + "); starting " + missing
                    + " replacement(s), restart " + restarts + " of " + cap);
            try {
                List<Integer> ids = launcher.addEngines(ClusterState.of(dir, backends), profile, missing,
                        profile.timeouts().start());
                log.line("cluster back at " + ids.size() + " engines: " + ids);
            } catch (LaunchException e) {
                log.line("replacements failed: " + e.getMessage());
            }
        }
    }
}
