package dev.jcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
            try (CuttingProxy proxy = new CuttingProxy(real.addresses().get(0), 1 << 20)) {
                Path viaProxy = dir.resolve("via-proxy.properties");
                new ConnectionInfo(real.clusterId(), List.of(proxy.address()), real.key(), real.controllerPid())
                        .write(viaProxy);
                try (Client client = Client.connect(viaProxy)) {
                    assertThatThrownBy(() -> client.direct(0).pushAsync(Map.of("v", new byte[4 << 20]))
                            .get(Duration.ofMinutes(2))).isInstanceOf(IOException.class)
                            .hasMessageContaining("was sent 3 times")
                            .hasMessageContaining("the connection to the controller broke before the controller"
                                    + " accepted it");
                    assertThat(proxy.cut.get()).as("connections the submission broke").isEqualTo(3);
                    assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);
                }
            }
        }
    }

    /** Forwards loopback connections, and cuts any whose client has sent more than {@code limit} bytes. */
    private static final class CuttingProxy implements AutoCloseable {
        final AtomicInteger cut = new AtomicInteger();
        private final ServerSocket server;
        private final InetSocketAddress target;
        private final long limit;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        CuttingProxy(InetSocketAddress target, long limit) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort());
            this.limit = limit;
            threads.execute(this::accept);
        }

        InetSocketAddress address() {
            return InetSocketAddress.createUnresolved("127.0.0.1", server.getLocalPort());
        }

        /** Until the proxy closes. */
        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket controller = new Socket(target.getAddress(), target.getPort());
                    threads.execute(() -> pump(client, controller, limit));
                    threads.execute(() -> pump(controller, client, Long.MAX_VALUE));
                } catch (IOException e) {
                    return;  // closed
                }
            }
        }

        /** Until either side closes, or {@code max} bytes have passed: then both close. */
        private void pump(Socket from, Socket to, long max) {
            byte[] buffer = new byte[64 << 10];
            long total = 0;
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    total += n;
                    if (total > max) {
                        cut.incrementAndGet();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went away: the other goes too
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
