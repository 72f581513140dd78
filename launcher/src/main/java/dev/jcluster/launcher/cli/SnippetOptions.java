package dev.jcluster.launcher.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Where Java snippets run and how long they may: the options `exec` and `console` share. */
final class SnippetOptions {
    @Option(names = {"-t", "--targets"}, paramLabel = "IDS", split = ",",
            description = "Engine ids (default: every engine).")
    List<Integer> targets;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Stop the code on an engine once it has run this long; code that ignores the interrupt"
                    + " restarts its engine, whose JShell state is then lost (default: ${DEFAULT-VALUE}).")
    String timeout;

    Duration timeout() throws CliException {
        return StartCommand.parseDuration(timeout);
    }
}
