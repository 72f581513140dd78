package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.ClusterLauncher;
import dev.jcluster.launcher.launch.LaunchException;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterState;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "engines", description = "Add engines to a running cluster (started with its profile's engine backend).",
        footer = {"", "Examples:", "  jcluster engines -n 4", "  jcluster engines --profile dash --cluster-id run2 -n 8"})
final class EnginesCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = {"-n", "--engines"}, paramLabel = "K", required = true, description = "How many engines to add.")
    int count;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for them (default: the profile's timeouts.start).")
    String timeout;

    EnginesCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        if (count < 1) {
            throw new CliException(ExitCode.USAGE, "-n must be at least 1, got " + count);
        }
        ClusterState cluster = which.running(ctx);
        Profile profile = ProfileCommand.load(ctx, cluster.info().profile());
        Duration wait = timeout == null ? profile.timeouts().start() : StartCommand.parseDuration(timeout);
        try {
            List<Integer> ids = new ClusterLauncher(ctx.backends(), ctx.home(), ctx.jobTemplates(),
                    new TerminalReporter(err(), ctx.terminals().progressBars())).addEngines(cluster, profile, count, wait);
            out().println("cluster " + cluster.dir().name() + " now has " + ids.size() + " engine(s): " + ids);
            return ExitCode.OK;
        } catch (LaunchException e) {
            throw new CliException(ExitCode.FAILURE, e.getMessage(), e);
        }
    }
}
