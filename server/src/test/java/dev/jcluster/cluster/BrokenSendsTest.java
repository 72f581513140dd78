package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.LoopbackProxy;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission that breaks the connection every time it is sent (here a proxy cuts any
 * connection that carries more than 1 MiB from the client) fails after a few tries with the
 * cause, instead of being sent again forever; the client and the cluster go on.
 */
class BrokenSendsTest {
    @TempDir
    Path dir;

    @Test
    void aSubmissionThatBreaksEveryConnectionFailsAfterThreeAndTheClientGoesOn() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 1)) {
            ConnectionInfo real = ConnectionInfo.read(cluster.connectionFile());
            try (LoopbackProxy proxy = new LoopbackProxy(() -> real.addresses().get(0), 1 << 20)) {
                Path viaProxy = proxy.connectionFile(real, dir.resolve("via-proxy.properties"));
                try (Client client = Client.connect(viaProxy)) {
                    byte[] big = new byte[4 << 20];
                    // load-balanced, so the value goes in the frame: a direct one would take a data link
                    assertThatThrownBy(() -> client.loadBalanced().applyAsync(() -> big.length)
                            .get(Duration.ofMinutes(2))).isInstanceOf(IOException.class)
                            .hasMessageContaining("was sent 3 times")
                            .hasMessageContaining("the connection to the controller broke before the controller"
                                    + " accepted it");
                    assertThat(proxy.cut()).as("connections the submission broke").isEqualTo(3);
                    assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);
                }
            }
        }
    }
}
