package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "put", description = "Send a file, or a folder and everything under it, to engines.",
        footer = {"", "Examples:",
                "  jcluster files put ./inputs data/inputs",
                "  jcluster files put --targets 0,1 model.bin /scratch/model.bin"})
final class FilesPutCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Mixin
    FileTargets targets;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "File or folder here.")
    Path local;

    @Parameters(index = "1", paramLabel = "REMOTE", description = "Where on each engine (relative: its working directory).")
    String remote;

    FilesPutCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        try (Client client = Connect.to(ctx, which)) {
            DirectView engines = targets.view(client);
            FileProgress progress = new FileProgress(new TerminalReporter(err(), ctx.terminals().progressBars()));
            engines.upload(local, remote, progress);
            progress.done();
            out().println("sent " + local + " to " + remote + " on engine(s) " + engines.targets() + " ("
                    + progress.summary() + ")");
            return ExitCode.OK;
        }
    }
}
