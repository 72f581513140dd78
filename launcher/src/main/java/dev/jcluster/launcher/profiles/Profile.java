package dev.jcluster.launcher.profiles;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A profile: where the controller and engines run and how they are watched. Read from YAML
 * (kebab-case keys); every field is filled once merged with {@link ProfileLoader}'s defaults.
 */
@JsonPropertyOrder({"description", "controller", "engines", "adapt", "batch", "mpi", "ssh", "heartbeat", "timeouts"})
public record Profile(@JsonIgnore String name, @JsonIgnore String source, String description, Controller controller,
                      Engines engines, Batch batch, Mpi mpi, Ssh ssh, Heartbeat heartbeat, Timeouts timeouts,
                      Adapt adapt) {

    /** Where and how the controller listens and schedules. */
    @JsonPropertyOrder({"backend", "bind", "port", "advertise", "tls", "scheduling", "max-outstanding", "prefetch-window", "history",
            "history-values", "store", "keep-untaken", "max-value", "restart", "max-restarts", "jvm-options", "dashboard",
            "dashboard-port", "dashboard-bind"})
    public record Controller(String backend, String bind, Integer port, List<String> advertise, Boolean tls,
                             String scheduling, Integer maxOutstanding, Duration prefetchWindow, Integer history, String historyValues, Boolean store,
                             Duration keepUntaken, String maxValue, Boolean restart, Integer maxRestarts,
                             List<String> jvmOptions, Boolean dashboard, Integer dashboardPort, String dashboardBind) {
        /** {@code history-values} in bytes; checked when the profile is read. */
        public long historyValueBytes() {
            return SizeText.parse(historyValues);
        }

        /** {@code max-value} in bytes, 0 for none; checked when the profile is read. */
        public long maxValueBytes() {
            return SizeText.parse(maxValue);
        }
    }

    /** Where the engines run and with what JVM. */
    @JsonPropertyOrder({"backend", "count", "jvm-options", "classpath", "environment", "working-directory",
            "keep-running", "max-restarts"})
    public record Engines(String backend, Integer count, List<String> jvmOptions, List<String> classpath,
                          Map<String, String> environment, String workingDirectory, Boolean keepRunning,
                          Integer maxRestarts) {
    }

    /**
     * An engine count that follows the queue, between {@code min} and {@code max} (0: off). Engines
     * are added when load-balanced tasks have waited {@code interval} with none free, at most
     * {@code backlog} allocations waiting in a scheduler's queue at a time; an engine idle for
     * {@code idle} drains and leaves. After {@code max-failures} failed submissions in a row it pauses
     * for {@code pause}.
     */
    @JsonPropertyOrder({"min", "max", "idle", "interval", "backlog", "max-failures", "pause"})
    public record Adapt(Integer min, Integer max, Duration idle, Duration interval, Integer backlog,
                        Integer maxFailures, Duration pause) {
        public boolean enabled() {
            return max > 0;
        }
    }

    /**
     * What batch backends (slurm, sge, pbs, lsf, htcondor, winhpc) ask the scheduler for; other backends ignore it.
     * Empty strings and zeros leave the scheduler's defaults.
     */
    @JsonPropertyOrder({"queue", "walltime", "walltime-margin", "account", "memory-gib", "cpus-per-engine", "nodes", "resources",
            "job-name", "placement", "extra-directives", "prologue", "template", "job-id-pattern",
            "parallel-environment", "task-launcher", "inside-allocation"})
    public record Batch(String queue, Duration walltime, Duration walltimeMargin, String account, Double memoryGib, Integer cpusPerEngine,
                        Integer nodes, String resources, String jobName, String placement,
                        List<String> extraDirectives, String prologue, String template, String jobIdPattern,
                        String parallelEnvironment, String taskLauncher, String insideAllocation) {
    }

    /** How the mpi and allocation backends call MPI: the launcher command and arguments before the engine. */
    public record Mpi(String launcher, List<String> args) {
    }

    /** Hosts for the ssh backend and how to log in to them (see profiles/ssh.yaml). */
    @JsonPropertyOrder({"hosts", "user", "port", "identity-file", "known-hosts", "config-file", "host-key-checking", "stage",
            "tunnel", "java", "remote-dir"})
    public record Ssh(List<SshHost> hosts, String user, Integer port, String identityFile, String knownHosts,
                      String hostKeyChecking, String stage, Boolean tunnel, String java, String remoteDir,
                      String configFile) {
    }

    /** One SSH host: name or address, engines it takes, and optionally its own port and user. */
    @JsonPropertyOrder({"host", "engines", "port", "user"})
    public record SshHost(String host, Integer engines, Integer port, String user) {
        public SshHost {
            engines = engines == null ? 1 : engines;
            port = port == null ? 0 : port;
            user = user == null ? "" : user;
        }
    }

    /**
     * How often controller and engines beat, how many beats may be missed before giving up, and how
     * many heartbeat frames a second the controller takes before larger clusters beat more slowly.
     */
    public record Heartbeat(Duration period, Integer missedBeats, Integer budget) {
    }

    /** How long start waits, stop is patient, and engines keep reconnecting. */
    public record Timeouts(Duration start, Duration stopGrace, Duration engineReconnect, Duration taskStopGrace) {
    }

    public Profile withName(String newName, String newSource) {
        return new Profile(newName, newSource, description, controller, engines, batch, mpi, ssh, heartbeat, timeouts,
                adapt);
    }
}
