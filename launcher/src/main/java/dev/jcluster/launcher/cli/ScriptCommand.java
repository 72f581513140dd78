package dev.jcluster.launcher.cli;

import dev.jcluster.backends.batch.BatchBackend;
import dev.jcluster.backends.batch.Scheduler;
import dev.jcluster.backends.batch.Schedulers;
import dev.jcluster.backends.spi.Backend;
import dev.jcluster.launcher.launch.ProcessSpecs;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "script", description = {"Print what `jcluster start` would launch or submit for a profile, without doing it.",
        "For batch backends (slurm, sge, pbs, lsf, htcondor, winhpc) this is each job script exactly as it would be submitted,",
        "with the command that submits it. --template prints the template it is rendered from, to copy, edit and",
        "name in the profile (batch.template) or drop in $JCLUSTER_HOME/profiles/templates/ for every profile."},
        footer = {"", "Examples:", "  jcluster script", "  jcluster script --profile slurm -n 16 > engines.sh",
                "  jcluster script --profile slurm --template > ~/.jcluster/profiles/templates/slurm.sh"})
final class ScriptCommand extends BaseCommand {
    @Mixin
    LaunchOptions launch;

    @Option(names = "--template", description = "Print the engines' job script template instead of the rendered script.")
    boolean template;

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
        if (template) {
            if (!(engineBackend instanceof BatchBackend batch)) {
                throw new CliException(ExitCode.USAGE, "the " + p.engines().backend() + " backend submits no job "
                        + "script; --template is for the batch schedulers (" + String.join(", ", Schedulers.ALL.stream()
                        .map(Scheduler::name).toList()) + ")");
            }
            out().print(batch.template());
            return ExitCode.OK;
        }
        out().print(controller.describe(List.of(ProcessSpecs.controller(p, dir, clusterId, false))));
        out().print(engineBackend.describe(ProcessSpecs.engines(p, dir, 0, n)));
        return ExitCode.OK;
    }
}
