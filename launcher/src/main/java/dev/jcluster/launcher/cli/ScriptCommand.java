package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.launcher.launch.ProcessSpecs;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "script", description = "Print what `jcluster start` would launch or submit for a profile, without doing it.",
        footer = {"", "Examples:", "  jcluster script", "  jcluster script --profile dash -n 16"})
final class ScriptCommand extends BaseCommand {
    @Mixin
    LaunchOptions launch;

    ScriptCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Profile p = launch.profile(ctx);
        int n = launch.engineCount(p);
        String clusterId = launch.clusterId;
        ClusterDir dir = ctx.home().cluster(p.name(), clusterId);
        Backend controller = ctx.backends().create(p.controller().backend());
        Backend engineBackend = ctx.backends().create(p.engines().backend());
        out().print(controller.describe(List.of(ProcessSpecs.controller(p, dir, clusterId, false))));
        out().print(engineBackend.describe(ProcessSpecs.engines(p, dir, 0, n)));
        return ExitCode.OK;
    }
}
