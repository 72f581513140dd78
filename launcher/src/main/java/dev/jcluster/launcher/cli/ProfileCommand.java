package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.profiles.ProfileException;
import picocli.CommandLine.Command;

@Command(name = "profile", description = "List, show, create and check profiles.",
        subcommands = {ProfileListCommand.class, ProfileShowCommand.class, ProfileCreateCommand.class,
                ProfileValidateCommand.class},
        footer = {"", "Profiles are YAML files: built-in ones ship in the installation's profiles/ folder;",
                "yours live in $JCLUSTER_HOME/profiles/ (default ~/.jcluster/profiles) and override built-ins",
                "of the same name.", "", "Examples:", "  jcluster profile list", "  jcluster profile show local",
                "  jcluster profile create dash --backend local", "  jcluster profile validate ./dash.yaml"})
final class ProfileCommand extends BaseCommand {
    ProfileCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() {
        spec.commandLine().usage(out());
        return ExitCode.USAGE;
    }

    /** Loads a profile or ends the command with its file/line/key error (exit 2). */
    static Profile load(Context ctx, String name) throws CliException {
        try {
            return ctx.profiles().load(name);
        } catch (ProfileException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
