package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import java.util.List;
import picocli.CommandLine.Option;

/** Which engines `files put` and `files get` work with. */
final class FileTargets {
    @Option(names = {"-t", "--targets"}, paramLabel = "IDS", split = ",", description = "Engine ids (default: every engine).")
    List<Integer> targets;

    /** The engines asked for, or all of them; an empty cluster is an error. */
    DirectView view(Client client) throws Exception {
        List<Integer> ids = targets == null ? client.ids() : targets;
        if (ids.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, "the cluster has no engines yet");
        }
        return client.direct(ids.stream().mapToInt(Integer::intValue).toArray());
    }
}
