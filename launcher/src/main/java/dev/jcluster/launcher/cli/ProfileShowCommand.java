package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.profiles.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Print a profile with every default filled in, as jcluster will use it.",
        footer = {"", "Examples:", "  jcluster profile show local", "  jcluster profile show slurm > my-slurm.yaml"})
final class ProfileShowCommand extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "The profile.")
    String name;

    ProfileShowCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Profile p = ProfileCommand.load(ctx, name);
        out().println("# profile " + p.name() + " from " + p.source());
        out().print(ctx.profiles().toYaml(p));
        return ExitCode.OK;
    }
}
