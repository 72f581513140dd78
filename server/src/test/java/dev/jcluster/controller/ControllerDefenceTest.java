package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.internal.Handshake;
import dev.jcluster.internal.Transport;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.SignedFrameDecoder;
import dev.jcluster.protocol.Version;
import dev.jcluster.testing.EngineProcesses;
import dev.jcluster.testing.TestCluster;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real controller and engine facing wrong keys, garbage, silence and old versions; it keeps serving. */
class ControllerDefenceTest {
    @TempDir
    static Path dir;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static ConnectionInfo info() throws IOException {
        return ConnectionInfo.read(cluster.connectionFile());
    }

    private static void assertStillServing() throws IOException {
        try (Client c = cluster.client()) {
            assertThat(c.loadBalanced().apply(() -> 6 * 7)).isEqualTo(42);
        }
    }

    @Test
    void clientWithTheWrongKeyIsRefused() throws IOException {
        ConnectionInfo good = info();
        ConnectionInfo wrong = new ConnectionInfo(good.clusterId(), good.addresses(), ClusterKey.random(), -1);
        assertThatThrownBy(() -> Client.connect(wrong, new DefaultSerializer(),
                Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrong cluster key");
        assertStillServing();
    }

    @Test
    void garbageBytesCloseThatConnectionOnly() throws IOException {
        InetSocketAddress a = info().addresses().get(0);
        try (Socket s = new Socket(a.getHostString(), a.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(junk);
            out.write(new byte[4096]);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] got = new byte[64];
            int n = 0;
            try {
                for (int r; (r = in.read(got, n, got.length - n)) > 0; ) {
                    n += r;
                }
            } catch (SocketException reset) {
                // closed while our junk was still unread on its side: TCP says so with a reset
            }
            // a timeout would have thrown: the controller closed the connection, sending no more than its nonce
            assertThat(n).as("bytes before the close").isLessThanOrEqualTo(SignedFrameDecoder.NONCE_BYTES);
        }
        assertStillServing();
    }

    @Test
    void versionMismatchIsRefusedNamingBothVersions() throws Exception {
        var group = new MultiThreadIoEventLoopGroup(1, Transport.current().ioHandlers());
        try {
            Hello old = new Hello(Role.CLIENT, "0.0.1-old", "17", "u", -1, "h", 1);
            var f = Handshake.connect(group, info(), old, Pipelines.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(5),
                    w -> new ChannelInboundHandlerAdapter());
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("0.0.1-old")
                    .hasMessageContaining(Version.CURRENT);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertStillServing();
    }

    @Test
    void unreachableAddressesAreNamedInTheError() {
        ConnectionInfo nowhere = new ConnectionInfo("x", List.of(InetSocketAddress.createUnresolved("127.0.0.1", 1)),
                ClusterKey.random(), -1);
        assertThatThrownBy(() -> Client.connect(nowhere, new DefaultSerializer(),
                Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("controller.advertise");
    }

    @Test
    void engineIdInUseIsRefused() throws Exception {
        try (var engines = new EngineProcesses(dir)) {
            Process dup = engines.start(cluster.connectionFile(), "--engine-id", "0");
            assertThat(dup.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dup.exitValue()).isEqualTo(1);
            String log = Files.readString(dir.resolve("engine-0.log"));
            assertThat(log).contains("engine id 0 is already in use");
        }
        assertStillServing();
    }
}
