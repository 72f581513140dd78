package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.launcher.launch.ProcessSpecs;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "script", description = {"Print what `jcluster start` would launch or submit for a profile, without doing it.",
        "For batch backends (slurm, sge, pbs, lsf, winhpc) this is each job script exactly as it would be submitted,",
        "with the command that submits it. Templates: profiles/templates/ (copy one and set batch.template)."},
        footer = {"", "Examples:", "  jcluster script", "  jcluster script --profile slurm -n 16 > engines.sh"})
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
        Backend controller = ctx.backends().create(p.controller().backend(),
                ctx.jobTemplates().options(p, p.controller().backend()));
        Backend engineBackend = ctx.backends().create(p.engines().backend(),
                ctx.jobTemplates().options(p, p.engines().backend()));
        out().print(controller.describe(List.of(ProcessSpecs.controller(p, dir, clusterId, false))));
        out().print(engineBackend.describe(ProcessSpecs.engines(p, dir, 0, n)));
        return ExitCode.OK;
    }
}
