package dev.jcluster.launcher.profiles;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Value checks that the YAML types cannot express, reported with the file and line of the key. */
final class ProfileChecks {
    static final List<String> SCHEDULING = List.of("least-load", "round-robin", "random");
    static final List<String> PLACEMENTS = List.of("array", "jobs", "one-job");

    private final String source;
    private final YamlLocations locations;
    private final Collection<String> backends;

    ProfileChecks(String source, YamlLocations locations, Collection<String> backends) {
        this.source = source;
        this.locations = locations;
        this.backends = backends;
    }

    void check(Profile p) throws ProfileException {
        backend("controller.backend", p.controller().backend());
        backend("engines.backend", p.engines().backend());
        require("controller.bind", !p.controller().bind().isBlank(), "must name an interface, e.g. 127.0.0.1");
        listenPort("controller.port", p.controller().port());
        require("controller.scheduling", SCHEDULING.contains(p.controller().scheduling()),
                "'" + p.controller().scheduling() + "' is not a scheduling"
                        + Suggestions.didYouMean(p.controller().scheduling(), SCHEDULING) + " (one of "
                        + String.join(", ", SCHEDULING) + ")");
        require("controller.max-outstanding", p.controller().maxOutstanding() >= 1,
                "must be at least 1, got " + p.controller().maxOutstanding());
        require("controller.prefetch-window", !p.controller().prefetchWindow().isNegative()
                        && p.controller().prefetchWindow().compareTo(Duration.ofSeconds(1)) <= 0,
                "must be between 0s (never send more than max-outstanding) and 1s, got "
                        + DurationText.format(p.controller().prefetchWindow()));
        require("controller.history", p.controller().history() >= 0,
                "must be 0 or more finished tasks to keep, got " + p.controller().history());
        require("controller.history-values", SizeText.valid(p.controller().historyValues()), "'"
                + p.controller().historyValues() + "' is not a size: bytes, or a number with k, m, g or t (1024-based),"
                + " e.g. 64m; 0 to keep no values");
        require("controller.max-value", SizeText.valid(p.controller().maxValue()), "'" + p.controller().maxValue()
                + "' is not a size: bytes, or a number with k, m, g or t (1024-based), e.g. 2g; 0 for no limit but "
                + "the controller's heap");
        require("controller.max-restarts", p.controller().maxRestarts() >= 0,
                "must be 0 or more, got " + p.controller().maxRestarts());
        listenPort("controller.dashboard-port", p.controller().dashboardPort());
        require("controller.dashboard-bind", !p.controller().dashboardBind().isBlank(),
                "must name an interface, e.g. 127.0.0.1");
        require("controller.restart", !p.controller().restart() || p.controller().store(),
                "a controller restarts from its store: set controller.store: true, or restart: false");
        require("engines.count", p.engines().count() >= 1, "must be at least 1, got " + p.engines().count());
        require("engines.max-restarts", p.engines().maxRestarts() >= 0,
                "must be 0 or more, got " + p.engines().maxRestarts());
        for (String name : p.engines().environment().keySet()) {
            require("engines.environment", name.matches("[A-Za-z_][A-Za-z0-9_]*"), "'" + name + "' is not a variable"
                    + " name (letters, digits and _, not starting with a digit)");
        }
        oneLine("engines.environment", p.engines().environment().values());
        oneLine("engines.jvm-options", p.engines().jvmOptions());
        oneLine("engines.classpath", p.engines().classpath());
        oneLine("engines.working-directory", List.of(p.engines().workingDirectory()));
        adapt(p.adapt());
        batch(p.batch());
        ssh(p.ssh());
        require("mpi.launcher", !p.mpi().launcher().isBlank(), "must name a command, e.g. mpiexec or mpirun.openmpi");
        positive("heartbeat.period", p.heartbeat().period());
        require("heartbeat.missed-beats", p.heartbeat().missedBeats() >= 1,
                "must be at least 1, got " + p.heartbeat().missedBeats());
        require("heartbeat.budget", p.heartbeat().budget() == 0 || p.heartbeat().budget() >= 10,
                "must be 0 (never slow the beats) or at least 10 frames a second, got " + p.heartbeat().budget());
        positive("timeouts.start", p.timeouts().start());
        positive("timeouts.stop-grace", p.timeouts().stopGrace());
        positive("timeouts.engine-reconnect", p.timeouts().engineReconnect());
        positive("timeouts.task-stop-grace", p.timeouts().taskStopGrace());
    }

    /**
     * Values that go into a job script's lines (the command, directives, exports): a newline there
     * would start a line of its own, so none may hold one. The prologue is script lines by design.
     */
    private void oneLine(String key, java.util.Collection<String> values) throws ProfileException {
        for (String v : values) {
            require(key, v == null || (v.indexOf('\n') < 0 && v.indexOf('\r') < 0), "'" + v.replace("\n", "\\n")
                    + "' holds a line break; in a job script it would start a command of its own");
        }
    }

    private void adapt(Profile.Adapt a) throws ProfileException {
        require("adapt.max", a.max() >= 0, "must be 0 (engines do not follow the queue) or more, got " + a.max());
        require("adapt.min", a.min() >= 0 && (a.max() == 0 || a.min() <= a.max()),
                "must be between 0 and adapt.max (" + a.max() + "), got " + a.min());
        positive("adapt.idle", a.idle());
        positive("adapt.interval", a.interval());
        require("adapt.backlog", a.backlog() >= 1, "must be at least 1 allocation waiting at a time, got "
                + a.backlog());
        require("adapt.max-failures", a.maxFailures() >= 1, "must be at least 1, got " + a.maxFailures());
        positive("adapt.pause", a.pause());
    }

    private void batch(Profile.Batch b) throws ProfileException {
        oneLine("batch.queue", List.of(b.queue()));
        oneLine("batch.account", List.of(b.account()));
        oneLine("batch.resources", List.of(b.resources()));
        oneLine("batch.extra-directives", b.extraDirectives());
        oneLine("batch.parallel-environment", List.of(b.parallelEnvironment()));
        oneLine("batch.task-launcher", List.of(b.taskLauncher()));
        require("batch.placement", PLACEMENTS.contains(b.placement()), "'" + b.placement() + "' is not a placement"
                + Suggestions.didYouMean(b.placement(), PLACEMENTS) + " (one of " + String.join(", ", PLACEMENTS)
                + ": one array job, one job per engine, or one job whose tasks are the engines)");
        require("batch.inside-allocation", List.of("use", "submit").contains(b.insideAllocation()),
                "'" + b.insideAllocation() + "' is neither use (start engines on the job's own nodes) nor submit");
        require("batch.walltime", !b.walltime().isNegative(), "must not be negative (0s = the queue's default)");
        require("batch.walltime-margin", !b.walltimeMargin().isNegative(), "must not be negative");
        require("batch.memory-gib", b.memoryGib() >= 0, "must be 0 (the queue's default) or GiB per engine, got "
                + b.memoryGib());
        require("batch.cpus-per-engine", b.cpusPerEngine() >= 1, "must be at least 1, got " + b.cpusPerEngine());
        require("batch.nodes", b.nodes() >= 1, "must be at least 1, got " + b.nodes());
        require("batch.job-name", b.jobName().matches("[A-Za-z][A-Za-z0-9_.-]{0,63}"),
                "'" + b.jobName() + "' is not a job name schedulers accept (a letter, then letters, digits, _ . -)");
        if (!b.jobIdPattern().isBlank()) {
            try {
                require("batch.job-id-pattern", Pattern.compile(b.jobIdPattern()).matcher("")
                        .groupCount() >= 1, "needs a group around the id, e.g. 'Job <(\\d+)>'");
            } catch (PatternSyntaxException e) {
                require("batch.job-id-pattern", false, "not a regular expression: " + e.getDescription());
            }
        }
    }

    private void ssh(Profile.Ssh s) throws ProfileException {
        require("ssh.host-key-checking", List.of("strict", "accept-new").contains(s.hostKeyChecking()),
                "'" + s.hostKeyChecking() + "' is neither strict (known_hosts must know the host) nor accept-new"
                        + (List.of("true", "false").contains(s.hostKeyChecking())
                        ? " (YAML reads an unquoted yes or no as a boolean; OpenSSH's `no` has no equivalent here)"
                        : ""));
        require("ssh.stage", List.of("never", "missing", "always").contains(s.stage()),
                "'" + s.stage() + "' is not one of never, missing (copy the jars where they are missing), always");
        require("ssh.port", s.port() > 0 && s.port() <= 65535, s.port() + " is not a port");
        for (int i = 0; i < s.hosts().size(); i++) {
            Profile.SshHost h = s.hosts().get(i);
            require("ssh.hosts", h.host() != null && !h.host().isBlank(), "entry " + (i + 1) + " names no host");
            require("ssh.hosts", h.engines() >= 1, h.host() + ": engines must be at least 1, got " + h.engines());
        }
    }

    private void backend(String key, String name) throws ProfileException {
        require(key, backends.contains(name), "unknown backend '" + name + "'" + Suggestions.didYouMean(name, backends)
                + " (known: " + String.join(", ", backends) + ")");
    }

    /** A port to listen on: 0 asks for any free one. */
    private void listenPort(String key, int port) throws ProfileException {
        require(key, port >= 0 && port <= 65535, port + " is not a port (0..65535; 0 = any free port)");
    }

    private void positive(String key, Duration d) throws ProfileException {
        require(key, !d.isNegative() && !d.isZero(), "must be longer than zero, got " + DurationText.format(d));
    }

    private void require(String key, boolean ok, String problem) throws ProfileException {
        if (!ok) {
            throw new ProfileException(source + ":" + locations.line(key) + ": " + key + ": " + problem);
        }
    }
}
