package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.profiles.ProfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Check a profile file: unknown keys and bad values are reported with file, line and key.",
        footer = {"", "Examples:", "  jcluster profile validate ~/.jcluster/profiles/dash.yaml",
                "  jcluster profile validate ./hpc.yaml && jcluster start --profile hpc"})
final class ProfileValidateCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "The YAML file.")
    Path file;

    ProfileValidateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.USAGE, "no such file: " + file);
        }
        try {
            Profile p = ctx.profiles().loadFile(file);
            out().println(file + ": ok (controller: " + p.controller().backend() + ", engines: "
                    + p.engines().backend() + " x " + p.engines().count() + ")");
            return ExitCode.OK;
        } catch (ProfileException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }
}
