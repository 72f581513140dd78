package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.launcher.launch.JobTemplates;
import dev.jcluster.launcher.profiles.ProfileLoader;
import dev.jcluster.launcher.state.JClusterHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every command works with, made once per invocation from the environment (never read from
 * System.getenv inside a command, so tests pass their own JCLUSTER_HOME).
 */
public final class Context {
    private final Map<String, String> env;
    private final JClusterHome home;
    private final Backends backends;
    private final ProfileLoader profiles;
    private final JobTemplates jobTemplates;
    private final Terminals terminals;

    public Context(Map<String, String> env, Terminals terminals) {
        this.env = Map.copyOf(env);
        this.home = JClusterHome.fromEnvironment(env);
        this.backends = Backends.discover();
        this.profiles = new ProfileLoader(distribution().resolve("profiles"), home.profilesDir(), backends.names(),
                backends.thisHostOnly());
        this.jobTemplates = new JobTemplates(List.of(home.profilesDir().resolve("templates"),
                distribution().resolve("profiles").resolve("templates")));
        this.terminals = terminals;
    }

    /** Job script templates for batch backends: yours in $JCLUSTER_HOME/profiles/templates, then the shipped ones. */
    public JobTemplates jobTemplates() {
        return jobTemplates;
    }

    /** Where the installation lives (its profiles/ and scripts/); set by scripts/jcluster. */
    static Path distribution() {
        return Path.of(System.getProperty("jcluster.dist", "."));
    }

    public Map<String, String> env() {
        return env;
    }

    public JClusterHome home() {
        return home;
    }

    public Backends backends() {
        return backends;
    }

    public ProfileLoader profiles() {
        return profiles;
    }

    /** Which standard streams are terminals: progress bars, `top`'s screen. */
    public Terminals terminals() {
        return terminals;
    }
}
