package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", description = "Send a file, or a folder and everything under it, to engines.",
        footer = {"", "Examples:",
                "  jcluster files put ./inputs data/inputs",
                "  jcluster files put --targets 0,1 model.bin /scratch/model.bin"})
final class FilesPutCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = {"-t", "--targets"}, paramLabel = "IDS", split = ",", description = "Engine ids (default: every engine).")
    List<Integer> targets;

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
            List<Integer> ids = targets == null ? client.ids() : targets;
            if (ids.isEmpty()) {
                throw new CliException(ExitCode.FAILURE, "the cluster has no engines yet");
            }
            FileProgress progress = new FileProgress(new TerminalReporter(err(), ctx.interactive()));
            client.direct(ids.stream().mapToInt(Integer::intValue).toArray()).upload(local, remote, progress);
            progress.done();
            out().println("sent " + local + " to " + remote + " on engine(s) " + ids + " (" + progress.summary() + ")");
            return ExitCode.OK;
        }
    }
}
