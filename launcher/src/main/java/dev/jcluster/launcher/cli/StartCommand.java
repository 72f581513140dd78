package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.ClusterLauncher;
import dev.jcluster.launcher.launch.ClusterStopper;
import dev.jcluster.launcher.launch.LaunchException;
import dev.jcluster.launcher.launch.Supervisor;
import dev.jcluster.launcher.profiles.DurationText;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.profiles.ProfileLoader;
import dev.jcluster.launcher.state.ClusterState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", sortOptions = false,
        description = "Start a controller and N engines as the profile describes.",
        footer = {"", "Examples:",
                "  jcluster start -n 4                    # local engines; Ctrl-C stops the cluster",
                "  jcluster start -n 8 --daemonize        # returns once all 8 have registered",
                "  jcluster start --profile dash -n 16 --cluster-id run2 --timeout 5m"})
final class StartCommand extends BaseCommand {
    @Mixin
    LaunchOptions launch;

    @Option(names = {"-d", "--daemonize"}, description = "Return once the engines are registered, leaving the cluster running.")
    boolean daemonize;

    @Option(names = "--no-wait", description = "With --daemonize: return as soon as the engines are launched.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for every engine to register (default: the profile's timeouts.start), e.g. 90s, 5m.")
    String timeout;

    StartCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Profile profile = launch.profile(ctx);
        int n = launch.engineCount(profile);
        String clusterId = launch.clusterId;
        if (noWait && !daemonize) {
            throw new CliException(ExitCode.USAGE, "--no-wait only makes sense with --daemonize");
        }
        Duration wait = timeout == null ? profile.timeouts().start() : parseDuration(timeout);
        TerminalReporter reporter = new TerminalReporter(err(), ctx.interactive());
        reporter.line("starting cluster " + profile.name() + "-" + clusterId + ": controller (" + profile.controller()
                .backend() + ") and " + n + " engine(s) (" + profile.engines().backend() + ")");
        ClusterLauncher.Started started;
        try {
            started = new ClusterLauncher(ctx.backends(), ctx.home(), ctx.jobTemplates(), reporter)
                    .start(profile, clusterId, n, wait, !noWait, !daemonize);
        } catch (LaunchException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
        }
        out().println("cluster " + started.dir().name() + " is running with " + (noWait ? n + " engine(s) starting"
                : started.engineIds().size() + " engine(s)"));
        out().println("  connection file: " + started.dir().connectionFile());
        out().println("  from Java:       Client.connect(Path.of(\"" + started.dir().connectionFile() + "\"))");
        out().println("  from the shell:  jcluster exec 'Runtime.version()'   |   jcluster status   |   jcluster stop"
                + (clusterId.equals("default") && profile.name().equals(ProfileLoader.DEFAULT_PROFILE) ? ""
                : " --profile " + profile.name() + " --cluster-id " + clusterId));
        if (profile.engines().keepRunning() && !noWait) {
            try {
                Supervisor.launch(started.dir(), profile, clusterId, n);
                out().println("  kept at " + n + " engines: lost ones are replaced (at most "
                        + profile.engines().maxRestarts() + "); log: " + started.dir().logDir().resolve("supervisor.log"));
            } catch (LaunchException e) {
                throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
            }
        }
        out().flush();
        if (daemonize) {
            return ExitCode.OK;
        }
        return runInForeground(started, profile, reporter);
    }

    /** Stays until Ctrl-C / SIGTERM (then stops the cluster) or until the controller exits. */
    private int runInForeground(ClusterLauncher.Started started, Profile profile, TerminalReporter reporter)
            throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                reporter.line("stopping cluster " + started.dir().name() + " ...");
                new ClusterStopper(ctx.backends(), reporter).stop(ClusterState.of(started.dir(), ctx.backends()),
                        profile.timeouts().stopGrace());
                reporter.line("cluster " + started.dir().name() + " stopped");
            } catch (Exception e) {
                reporter.line("error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "jcluster-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        out().println("running in the foreground: Ctrl-C stops the cluster (use --daemonize to leave it running)");
        out().flush();
        long controllerPid = started.connection().controllerPid();
        ProcessHandle.of(controllerPid).ifPresent(h -> h.onExit().join());
        // the controller has gone: by `jcluster stop` from elsewhere, or it died
        ClusterState state = ClusterState.of(started.dir(), ctx.backends());
        Runtime.getRuntime().removeShutdownHook(hook);
        if (state.info().stopped()) {
            out().println("cluster " + started.dir().name() + " was stopped");
            return ExitCode.OK;
        }
        hook.run();
        throw new CliException(ExitCode.FAILURE, "the controller exited unexpectedly; see "
                + started.dir().controllerLog());
    }

    static Duration parseDuration(String text) throws CliException {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }
}
