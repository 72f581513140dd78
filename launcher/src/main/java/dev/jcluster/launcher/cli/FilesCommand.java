package dev.jcluster.launcher.cli;

import picocli.CommandLine.Command;

@Command(name = "files", description = "Send files and folders to engines, and fetch them back.",
        subcommands = {FilesPutCommand.class, FilesGetCommand.class},
        footer = {"", "Files go in chunks through the controller, so engines need no shared file system and no",
                "ssh of their own; each file's content is checked at the far end (SHA-256), its mode is kept,",
                "and it takes its name only once complete. Remote paths are the engine's: relative ones start",
                "in its working directory.", "", "Examples:",
                "  jcluster files put ./inputs data/inputs",
                "  jcluster files get data/results ./results        # ./results/engine-N from each engine",
                "  jcluster files get --targets 0 out.csv ./out.csv"})
final class FilesCommand extends BaseCommand {
    FilesCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() {
        spec.commandLine().usage(out());
        return ExitCode.USAGE;
    }
}
