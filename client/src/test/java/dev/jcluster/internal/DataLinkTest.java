package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.protocol.ClusterKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data links on loopback, through shared memory and through the socket: values of several records
 * and parts arrive whole and as arrays of their own, values many times the ring's size cross both
 * ways at once; a peer without the client's link key, a record altered on the way and a value over
 * the receiver's limit are each refused with a reason.
 */
class DataLinkTest {
    private static final ClusterKey CLUSTER = ClusterKey.random();
    private static final String CLIENT = "client-uuid-1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ServerSocket server;
    @TempDir
    Path ringDirectory;

    /** What one side got, and how its link ended. */
    private static final class Received {
        final Arrivals arrivals = new Arrivals();
        final CompletableFuture<IOException> closed = new CompletableFuture<>();
        final DataLink.Receiver receiver;

        Received(long limit) {
            receiver = arrivals.receiver(() -> limit, (link, cause) -> closed.complete(cause));
        }
    }

    @AfterEach
    void stop() throws IOException {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** The engine's side: accepts one link whose client has {@code engineKnows} as its link key. */
    private CompletableFuture<DataLink> engine(byte[] engineKnows, Received received) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        return CompletableFuture.supplyAsync(() -> {
            try {
                return DataLink.accept(server.accept(), uuid -> engineKnows, received.receiver);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + (i >>> 11) + seed);
        }
        return b;
    }

    /** A client's link and the engine's end of it, checked to share memory or not as asked. */
    private DataLink[] open(boolean sharedMemory, Received atEngine, Received atClient) throws Exception {
        byte[] key = LinkKeys.forClient(CLUSTER, CLIENT);
        CompletableFuture<DataLink> engineSide = engine(key, atEngine);
        DataLink client = DataLink.connect(address(), CLIENT, key, 2000, atClient.receiver,
                sharedMemory ? ringDirectory : null);
        DataLink engine = engineSide.get(10, TimeUnit.SECONDS);
        assertThat(client.sharesMemory()).as(client.transport()).isEqualTo(sharedMemory);
        assertThat(engine.sharesMemory()).as(engine.transport()).isEqualTo(sharedMemory);
        return new DataLink[] {client, engine};
    }

    @ParameterizedTest(name = "shared memory: {0}")
    @ValueSource(booleans = {true, false})
    void aValueInSeveralPartsArrivesWholeBothWaysAsArraysOfItsOwn(boolean sharedMemory) throws Exception {
        Received atEngine = new Received(0);
        Received atClient = new Received(0);
        DataLink[] ends = open(sharedMemory, atEngine, atClient);
        try (DataLink client = ends[0]; DataLink engine = ends[1]) {
            assertThat(engine.clientUuid()).isEqualTo(CLIENT);
            try (var left = Files.list(ringDirectory)) {
                assertThat(left).as("the ring's file is gone once both ends mapped it").isEmpty();
            }
            byte[] big = pattern(3 * DataLink.RECORD_BYTES + 123, 1);
            ByteBuf direct = Unpooled.directBuffer(5000).writeBytes(pattern(5000, 2));
            client.send(11, Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {9}), Unpooled.wrappedBuffer(big),
                    direct));

            ByteBuf got = atEngine.arrivals.take(11, WAIT, "transfer 11");
            assertThat(got.readableBytes()).isEqualTo(1 + big.length + 5000);
            assertThat(got.nioBufferCount()).as("one array per part").isEqualTo(3);
            assertThat(got.nioBuffers()[1].array()).isEqualTo(big);
            assertThat(got.nioBuffers()[2].array()).isEqualTo(pattern(5000, 2));

            engine.send(12, Unpooled.wrappedBuffer(pattern(100, 3)));
            assertThat(ByteBufUtil.getBytes(atClient.arrivals.take(12, WAIT, "transfer 12"))).isEqualTo(pattern(100, 3));
        }
    }

    @ParameterizedTest(name = "shared memory: {0}")
    @ValueSource(booleans = {true, false})
    void valuesManyTimesTheRingsSizeCrossBothWaysAtOnce(boolean sharedMemory) throws Exception {
        Received atEngine = new Received(0);
        Received atClient = new Received(0);
        DataLink[] ends = open(sharedMemory, atEngine, atClient);
        try (DataLink client = ends[0]; DataLink engine = ends[1]) {
            int rounds = 3;
            int size = 9 << 20;  // over four times the slots of one direction
            CompletableFuture<Void> fromEngine = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < rounds; i++) {
                    try {
                        engine.send(100 + i, Unpooled.wrappedBuffer(pattern(size, 20 + i)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, threads);
            for (int i = 0; i < rounds; i++) {
                client.send(i + 1, Unpooled.wrappedBuffer(pattern(size, 10 + i)));
            }
            fromEngine.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < rounds; i++) {
                assertThat(ByteBufUtil.getBytes(atEngine.arrivals.take(i + 1, WAIT, "to engine")))
                        .isEqualTo(pattern(size, 10 + i));
                assertThat(ByteBufUtil.getBytes(atClient.arrivals.take(100 + i, WAIT, "to client")))
                        .isEqualTo(pattern(size, 20 + i));
            }
        }
    }

    @Test
    void aClientWithoutSharedMemoryOffersNoneAndTheLinkUsesTheSocket() throws Exception {
        byte[] key = LinkKeys.forClient(CLUSTER, CLIENT);
        Received atEngine = new Received(0);
        CompletableFuture<DataLink> engineSide = engine(key, atEngine);
        try (DataLink client = DataLink.connect(address(), CLIENT, key, 2000, new Received(0).receiver,
                ringDirectory.resolve("missing"));
             DataLink engine = engineSide.get(10, TimeUnit.SECONDS)) {
            assertThat(client.transport()).startsWith("socket (no shared memory in ");
            assertThat(engine.transport()).isEqualTo("socket (none offered)");
            client.send(3, Unpooled.wrappedBuffer(pattern(700_000, 7)));
            assertThat(ByteBufUtil.getBytes(atEngine.arrivals.take(3, WAIT, "transfer 3"))).isEqualTo(pattern(700_000, 7));
        }
    }

    @Test
    void aPeerWithoutTheClientsLinkKeyIsRefused() throws Exception {
        Received atEngine = new Received(0);
        CompletableFuture<DataLink> engineSide = engine(LinkKeys.forClient(CLUSTER, "another-client"), atEngine);
        assertThatThrownBy(() -> DataLink.connect(address(), CLIENT, LinkKeys.forClient(CLUSTER, CLIENT), 2000,
                new Received(0).receiver)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> engineSide.get(10, TimeUnit.SECONDS))
                .hasMessageContaining("failed its check");
    }

    @Test
    void aRecordAlteredOnTheWayEndsTheLinkAndFailsItsTransfer() throws Exception {
        byte[] key = LinkKeys.forClient(CLUSTER, CLIENT);
        Received atEngine = new Received(0);
        CompletableFuture<DataLink> engineSide = engine(key, atEngine);
        int enginePort = server.getLocalPort();
        try (ServerSocket middle = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // a relay that flips one byte once the opening and the proofs have passed
            threads.execute(() -> relayFlippingAt(middle, enginePort, 20_000));
            try (DataLink client = DataLink.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    middle.getLocalPort()), CLIENT, key, 2000, new Received(0).receiver, null)) {
                engineSide.get(10, TimeUnit.SECONDS);
                client.send(5, Unpooled.wrappedBuffer(pattern(100_000, 4)));
                assertThatThrownBy(() -> atEngine.arrivals.take(5, WAIT, "transfer 5"))
                        .hasMessageContaining("transfer 5 did not arrive")
                        .hasMessageContaining("failed its check");
                assertThat(atEngine.closed.get(10, TimeUnit.SECONDS).getMessage()).contains("failed its check");
            }
        }
    }

    @Test
    void aValueOverTheReceiversLimitIsRefusedAndTheLinkGoesOn() throws Exception {
        byte[] key = LinkKeys.forClient(CLUSTER, CLIENT);
        Received atEngine = new Received(50_000);
        CompletableFuture<DataLink> engineSide = engine(key, atEngine);
        try (DataLink client = DataLink.connect(address(), CLIENT, key, 2000, new Received(0).receiver)) {
            engineSide.get(10, TimeUnit.SECONDS);
            client.send(1, Unpooled.wrappedBuffer(pattern(60_000, 5)));
            client.send(2, Unpooled.wrappedBuffer(pattern(40_000, 6)));
            assertThatThrownBy(() -> atEngine.arrivals.take(1, WAIT, "transfer 1"))
                    .hasMessageContaining("60,000 bytes").hasMessageContaining("limit of 50,000 bytes");
            assertThat(ByteBufUtil.getBytes(atEngine.arrivals.take(2, WAIT, "transfer 2"))).isEqualTo(pattern(40_000, 6));
        }
    }

    /** Passes bytes from one accepted connection to the engine's port, flipping the byte at {@code flipAt}. */
    private static void relayFlippingAt(ServerSocket middle, int enginePort, long flipAt) {
        try (Socket in = middle.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), enginePort)) {
            CompletableFuture.runAsync(() -> copy(out, in, -1));
            copy(in, out, flipAt);
        } catch (IOException e) {
            // the test ended the link
        }
    }

    private static void copy(Socket from, Socket to, long flipAt) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            long at = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (flipAt >= at && flipAt < at + n) {
                    buf[(int) (flipAt - at)] ^= 1;
                }
                at += n;
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // one side closed
        }
    }
}
