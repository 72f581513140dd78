package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.ClusterStopper;
import dev.jcluster.launcher.launch.LaunchException;
import dev.jcluster.launcher.profiles.DurationText;
import dev.jcluster.launcher.state.ClusterState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stop", description = "Stop a cluster: ask the controller, then SIGTERM, then SIGKILL; check every process is gone.",
        footer = {"", "Examples:",
                "  jcluster stop                            # the only running cluster",
                "  jcluster stop --profile dash --cluster-id run2",
                "  jcluster stop --all"})
final class StopCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = "--all", description = "Stop every running cluster.")
    boolean all;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for a polite exit before signals (default: ${DEFAULT-VALUE}).")
    String grace;

    StopCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Duration patience = StartCommand.parseDuration(grace);
        List<ClusterState> targets = new ArrayList<>();
        if (all) {
            for (ClusterState s : which.matching(ctx)) {
                if (s.running() || s.liveProcesses() > 0) {
                    targets.add(s);
                }
            }
            if (targets.isEmpty()) {
                out().println("no running clusters");
                return ExitCode.OK;
            }
        } else {
            targets.add(which.running(ctx));
        }
        TerminalReporter reporter = new TerminalReporter(err(), ctx.terminals().progressBars());
        int failures = 0;
        for (ClusterState s : targets) {
            try {
                new ClusterStopper(ctx.backends(), reporter).stop(s, patience);
                out().println("stopped " + s.dir().name() + " (" + s.launched().size() + " processes, "
                        + DurationText.format(patience) + " grace)");
            } catch (LaunchException e) {
                err().println("error: " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
}
