package dev.jcluster.launcher.launch;

import dev.jcluster.backends.local.LocalBackend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.launcher.state.ClusterDir;
import java.util.List;
import java.util.Map;

/**
 * A `jcluster` process that lives beside a daemonized cluster on this host (the supervisor, the
 * dashboard): recorded with the cluster's other processes, so that `stop` ends it too, and logging to
 * the cluster's logs/ROLE.log.
 */
public final class Companion {
    private Companion() {
    }

    public static Launched launch(ClusterDir dir, String role, List<String> args) throws LaunchException {
        List<String> jvm = List.of("-Xmx128m", "-XX:+UseSerialGC",
                "-Djcluster.dist=" + System.getProperty("jcluster.dist", "."));
        ProcessSpec spec = new ProcessSpec(role, JavaCommand.of(jvm, List.of(), "dev.jcluster.launcher.Main", args),
                dir.path(), Map.of("JCLUSTER_HOME", dir.path().getParent().getParent().toString()),
                dir.logDir().resolve(role + ".log"));
        try {
            Launched l = new LocalBackend().launch(spec, "local", 1);
            dir.record(l);
            return l;
        } catch (BackendException e) {
            throw new LaunchException("cannot start the cluster's " + role + ": " + e.getMessage(), e);
        }
    }
}
