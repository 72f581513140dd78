package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.ClusterLauncher;
import dev.jcluster.launcher.launch.Companion;
import dev.jcluster.launcher.launch.ClusterStopper;
import dev.jcluster.launcher.launch.LaunchException;
import dev.jcluster.launcher.launch.Supervisor;
import dev.jcluster.launcher.profiles.DurationText;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.profiles.ProfileLoader;
import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", sortOptions = false,
        description = "Start a controller and N engines as the profile describes.",
        footer = {"", "Examples:",
                "  jcluster start -n 4                    # local engines; Ctrl-C stops the cluster",
                "  jcluster start -n 8 --daemonize        # returns once all 8 have registered",
                "  jcluster start --profile dash -n 16 --cluster-id run2 --timeout 5m",
                "  jcluster start --profile slurm --restore  # its controller died: bring it back from its store"})
final class StartCommand extends BaseCommand {
    @Mixin
    LaunchOptions launch;

    @Option(names = {"-d", "--daemonize"}, description = "Return once the engines are registered, leaving the cluster running.")
    boolean daemonize;

    @Option(names = "--no-wait", description = "With --daemonize: return as soon as the engines are launched.")
    boolean noWait;

    @Option(names = "--restore", description = "Start the controller of a cluster whose controller died, from the "
            + "tasks and results it recorded (controller.store); its engines and clients come back to it on their own.")
    boolean restore;

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
        TerminalReporter reporter = new TerminalReporter(err(), ctx.terminals().progressBars());
        if (restore) {
            return restore(profile, clusterId, wait, reporter);
        }
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
        if (Supervisor.wanted(profile) && !noWait) {
            try {
                Supervisor.launch(started.dir(), profile, clusterId, n);
            } catch (LaunchException e) {
                throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
            }
            if (Supervisor.restoresController(profile)) {
                out().println("  a controller that dies is restored from its store (at most "
                        + profile.controller().maxRestarts() + " times)");
            }
            if (profile.adapt().enabled()) {
                out().println("  engines follow the queue between " + profile.adapt().min() + " and "
                        + profile.adapt().max() + " (adapt); `jcluster status` says what scaling does");
            } else if (profile.engines().keepRunning()) {
                out().println("  kept at " + n + " engines: lost ones are replaced (at most "
                        + profile.engines().maxRestarts() + ")");
            }
            out().println("  supervisor log: " + started.dir().logDir().resolve("supervisor.log"));
        }
        if (profile.controller().dashboard() && !noWait) {
            dashboard(started, profile, clusterId);
        }
        out().flush();
        if (daemonize) {
            return ExitCode.OK;
        }
        return runInForeground(started, profile, reporter);
    }

    /** controller.dashboard: the page served beside the cluster until it stops; its URL once it listens. */
    private void dashboard(ClusterLauncher.Started started, Profile profile, String clusterId) throws CliException {
        Path urlFile = started.dir().path().resolve(DashboardCommand.URL_FILE);
        try {
            Files.deleteIfExists(urlFile);
            Companion.launch(started.dir(), "dashboard", List.of("dashboard", "--profile", profile.name(),
                    "--cluster-id", clusterId));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(urlFile) && System.nanoTime() < deadline) {
                Thread.sleep(100);  // polling a file the dashboard process writes once it listens
            }
            out().println("  dashboard:       " + (Files.exists(urlFile) ? Files.readString(urlFile).strip()
                    : "not listening yet; see " + started.dir().logDir().resolve("dashboard.log")));
        } catch (LaunchException | IOException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted while the dashboard started");
        }
    }

    private int restore(Profile profile, String clusterId, Duration wait, TerminalReporter reporter) throws CliException {
        ClusterDir dir = ctx.home().cluster(profile.name(), clusterId);
        ClusterLauncher launcher = new ClusterLauncher(ctx.backends(), ctx.home(), ctx.jobTemplates(), reporter);
        ConnectionInfo info;
        try {
            info = launcher.restoreController(dir, profile, wait);
        } catch (LaunchException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
        }
        out().println("cluster " + dir.name() + " has its controller back (pid " + info.controllerPid() + ")");
        out().println("  its engines register again within timeouts.engine-reconnect ("
                + profile.timeouts().engineReconnect().toSeconds() + " s) of losing it; see `jcluster status`");
        out().flush();
        return ExitCode.OK;
    }

    /** Stays until Ctrl-C / SIGTERM (then stops the cluster) or until the controller exits for good. */
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
        while (controllerPid > 0) {
            ProcessHandle.of(controllerPid).ifPresent(h -> h.onExit().join());
            // the controller has gone: by `jcluster stop` from elsewhere, or it died (and may be restored)
            controllerPid = Supervisor.restoresController(profile) ? restoredPid(started, controllerPid, profile) : -1;
        }
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

    /** The pid of the controller the supervisor restored in place of {@code died}, or -1 if none came. */
    private long restoredPid(ClusterLauncher.Started started, long died, Profile profile) throws Exception {
        long deadline = System.nanoTime() + profile.timeouts().start().plusSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !started.dir().info().stopped()) {
            if (Files.exists(started.dir().connectionFile())) {
                long pid = ConnectionInfo.read(started.dir().connectionFile()).controllerPid();
                if (pid != died && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out().println("the controller died and was restored from its store (pid " + pid + ")");
                    out().flush();
                    return pid;
                }
            }
            Thread.sleep(200);
        }
        return -1;
    }

    static Duration parseDuration(String text) throws CliException {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }
}
