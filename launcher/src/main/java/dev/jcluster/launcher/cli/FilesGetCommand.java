package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Fetch a file, or a folder and everything under it, from engines.",
        footer = {"", "From one engine it lands at LOCAL; from several, at LOCAL/engine-N for each.", "",
                "Examples:",
                "  jcluster files get --targets 0 results.csv ./results.csv",
                "  jcluster files get logs ./logs"})
final class FilesGetCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Mixin
    FileTargets targets;

    @Parameters(index = "0", paramLabel = "REMOTE", description = "File or folder on the engines (relative: their working directory).")
    String remote;

    @Parameters(index = "1", paramLabel = "LOCAL", description = "Where here.")
    Path local;

    FilesGetCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        try (Client client = Connect.to(ctx, which)) {
            DirectView engines = targets.view(client);
            FileProgress progress = new FileProgress(new TerminalReporter(err(), ctx.terminals().progressBars()));
            engines.download(remote, local, progress);
            progress.done();
            out().println("fetched " + remote + " from engine(s) " + engines.targets() + " into " + local + " ("
                    + progress.summary() + ")");
            return ExitCode.OK;
        }
    }
}
