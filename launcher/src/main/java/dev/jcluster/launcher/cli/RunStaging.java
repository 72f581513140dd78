package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * `run`'s staging: files and folders to every engine before the tasks start (--stage-in), and
 * back from each after they end (--stage-out), for clusters whose engines share no file system
 * with you. Remote paths are relative to --cwd, else to the engine's working directory.
 */
final class RunStaging {
    private final String cwd;

    RunStaging(String cwd) {
        this.cwd = cwd;
    }

    /** {@code LOCAL[:REMOTE]}: the remote path defaults to the local one's name. */
    void in(Client client, List<String> specs, FileProgress progress) throws IOException, CliException {
        if (specs.isEmpty()) {
            return;
        }
        DirectView all = client.direct();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            Path local = Path.of(colon < 0 ? spec : spec.substring(0, colon));
            String remote = colon < 0 ? local.getFileName().toString() : spec.substring(colon + 1);
            if (remote.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "--stage-in " + spec + ": no remote path after ':'");
            }
            all.upload(local, onEngine(remote), progress);
        }
    }

    /** Each REMOTE into {@code into}/its name (from several engines: .../its name/engine-N). */
    void out(Client client, List<String> remotes, Path into, FileProgress progress) throws IOException {
        DirectView all = client.direct();
        for (String remote : remotes) {
            all.download(onEngine(remote), into.resolve(Path.of(remote).getFileName().toString()), progress);
        }
    }

    private String onEngine(String remote) {
        return cwd == null || remote.startsWith("/") ? remote : cwd + "/" + remote;
    }
}
