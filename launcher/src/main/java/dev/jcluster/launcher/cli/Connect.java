package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;

/** A client for the cluster a work command targets, or a CLI error saying why there is none. */
final class Connect {
    private Connect() {
    }

    static Client to(Context ctx, ClusterOptions which) throws CliException {
        return to(which.running(ctx));
    }

    static Client to(ClusterState cluster) throws CliException {
        try {
            return Client.connect(ConnectionInfo.read(cluster.dir().connectionFile()));
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot reach cluster " + cluster.dir().name() + ": "
                    + e.getMessage());
        }
    }
}
