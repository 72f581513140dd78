package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Fetch a file, or a folder and everything under it, from engines.",
        footer = {"", "From one engine it lands at LOCAL; from several, at LOCAL/engine-N for each.", "",
                "Examples:",
                "  jcluster files get --targets 0 results.csv ./results.csv",
                "  jcluster files get logs ./logs"})
final class FilesGetCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = {"-t", "--targets"}, paramLabel = "IDS", split = ",", description = "Engine ids (default: every engine).")
    List<Integer> targets;

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
            List<Integer> ids = targets == null ? client.ids() : targets;
            if (ids.isEmpty()) {
                throw new CliException(ExitCode.FAILURE, "the cluster has no engines yet");
            }
            FileProgress progress = new FileProgress(new TerminalReporter(err(), ctx.interactive()));
            client.direct(ids.stream().mapToInt(Integer::intValue).toArray()).download(remote, local, progress);
            progress.done();
            out().println("fetched " + remote + " from engine(s) " + ids + " into " + local + " (" + progress.summary() + ")");
            return ExitCode.OK;
        }
    }
}
