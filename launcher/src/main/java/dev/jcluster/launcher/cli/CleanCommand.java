package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.state.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

@Command(name = "clean", description = "Remove the folders of stopped and stale clusters (their logs too); running ones are kept.",
        footer = {"", "Examples:", "  jcluster clean", "  jcluster list        # what is there, and what clean would remove"})
final class CleanCommand extends BaseCommand {
    CleanCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        int removed = 0;
        for (ClusterState s : new ClusterOptions().matching(ctx)) {
            if (s.running() || s.liveProcesses() > 0) {
                if (!s.running()) {
                    err().println("kept " + s.dir().name() + ": " + s.liveProcesses()
                            + " of its processes are still alive; `jcluster stop --all` first");
                }
                continue;
            }
            delete(s.dir().path());
            out().println("removed " + s.dir().name() + " (" + s.label() + ")");
            removed++;
        }
        if (removed == 0) {
            out().println("nothing to clean");
        }
        return ExitCode.OK;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
