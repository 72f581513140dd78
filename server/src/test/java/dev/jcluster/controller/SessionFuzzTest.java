package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.MessageType;
import dev.jcluster.protocol.RefusalLog;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.SignedFrameDecoder;
import dev.jcluster.protocol.Version;
import dev.jcluster.testing.CountedLogs;
import dev.jcluster.testing.RawFrames;
import dev.jcluster.testing.TestCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz past the hello: each connection completes a real handshake as a client (nonces, a
 * signed hello, the controller's Welcome) and then breaks the session one way: a frame replayed or
 * skipped in the sequence, a bad tag, a large frame with a bad tag or cut short (the large-frame
 * path), or a validly signed frame of every message type with a random body. Plus a peer that says
 * nothing at all. Bounded in count and time. The controller must close each connection, count every
 * frame that fails the signature check (and only those), log no error, and keep serving.
 */
class SessionFuzzTest {
    private static final long SEED = 20261205L;
    private static final int CONNECTIONS = 400;
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final int LARGE = 2 << 20;

    @TempDir
    Path dir;

    enum Kind { REPLAYED_SEQUENCE, SKIPPED_SEQUENCE, BAD_TAG, LARGE_BAD_TAG, LARGE_CUT_SHORT, EVERY_TYPE }

    @Test
    void brokenSessionsAreClosedCountedAndLeaveTheControllerServing() throws Exception {
        try (CountedLogs logs = CountedLogs.counting(); TestCluster cluster = TestCluster.start(dir, 1)) {
            ConnectionInfo info = ConnectionInfo.read(cluster.connectionFile());
            InetSocketAddress address = info.addresses().get(0);
            RefusalLog refusals = cluster.controller().refusals();
            long unverifiedBefore = refusals.unverifiedFrames();
            long peersBefore = refusals.peersRefused();
            Random random = new Random(SEED);
            long[] sent = new long[Kind.values().length];
            MessageType[] types = MessageType.values();
            long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
            for (int i = 0; i < CONNECTIONS && System.nanoTime() < deadline; i++) {
                Kind kind = Kind.values()[i % Kind.values().length];
                MessageType type = types[1 + (i / Kind.values().length) % (types.length - 1)];
                session(address, info.key(), random, kind, type);
                sent[kind.ordinal()]++;
            }
            long unverified = refusals.unverifiedFrames() - unverifiedBefore;
            System.out.printf("session fuzz: %s; refused by the frame decoder %d, undecodable %d, peers %d;"
                    + " errors %d%n", Arrays.toString(sent), unverified, refusals.undecodableFrames(),
                    refusals.peersRefused() - peersBefore, logs.errors());
            assertThat(Arrays.stream(sent).sum()).as("connections within the time limit").isEqualTo(CONNECTIONS);
            long broken = Arrays.stream(sent).sum() - sent[Kind.EVERY_TYPE.ordinal()];
            assertThat(unverified).as("frames that failed the signature check: each broken one, once").isEqualTo(broken);

            silentPeerIsClosedAndCounted(address, refusals);
            assertThat(logs.errors()).as("errors logged").isZero();
            try (Client c = cluster.client()) {
                assertThat(c.ids()).as("the engine is still registered").hasSize(1);
                assertThat(c.loadBalanced().apply(() -> 6 * 7)).isEqualTo(42);
            }
        }
    }

    /** One connection: a real client handshake, then one kind of breakage; the controller must close it. */
    private static void session(InetSocketAddress address, ClusterKey key, Random random, Kind kind, MessageType type)
            throws Exception {
        try (Socket s = new Socket(address.getHostString(), address.getPort())) {
            s.setSoTimeout(10_000);
            s.setSoLinger(true, 0);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] nonce = in.readNBytes(SignedFrameDecoder.NONCE_BYTES);
            byte[] ours = new byte[SignedFrameDecoder.NONCE_BYTES];
            random.nextBytes(ours);
            out.write(ours);
            byte[] hello = RawFrames.signed(key, nonce, 0, MessageType.HELLO.code(), 1, helloBody());
            out.write(hello);
            out.flush();
            int welcomeLength = in.readInt();  // the controller's Welcome: the session is open
            assertThat(in.readNBytes(welcomeLength)).hasSize(welcomeLength);
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            try {
                send(out, key, nonce, hello, random, kind, type, body);
                s.shutdownOutput();  // what was sent is all there is: a frame cut short stays cut short
            } catch (SocketException closedWhileWeWrote) {
                return;  // the controller refused it before we had finished: closed, as it should be
            }
            RawFrames.awaitClose(s.getInputStream(), kind + " " + type);
        }
    }

    private static void send(OutputStream out, ClusterKey key, byte[] nonce, byte[] hello, Random random, Kind kind,
                         MessageType type, byte[] body) throws IOException {
        switch (kind) {
            case REPLAYED_SEQUENCE -> out.write(hello);
            case SKIPPED_SEQUENCE -> out.write(RawFrames.signed(key, nonce, 2 + random.nextInt(1000),
                    MessageType.STATUS_REQUEST.code(), 2, new byte[0]));
            case BAD_TAG -> out.write(flipTagByte(RawFrames.signed(key, nonce, 1, MessageType.STATUS_REQUEST.code(),
                    2, new byte[0]), random));
            case LARGE_BAD_TAG -> {
                byte[] large = new byte[LARGE];
                random.nextBytes(large);
                out.write(flipTagByte(RawFrames.signed(key, nonce, 1, MessageType.SUBMIT.code(), 2, large), random));
            }
            case LARGE_CUT_SHORT -> {
                DataOutputStream d = new DataOutputStream(out);
                d.writeInt(3 * LARGE);
                byte[] part = new byte[LARGE / 2];
                random.nextBytes(part);
                d.write(part);
            }
            case EVERY_TYPE -> out.write(RawFrames.signed(key, nonce, 1, type.code(), 2, body));
        }
        out.flush();
    }

    private static byte[] helloBody() {
        ByteBuf buf = Unpooled.buffer();
        try {
            new Hello(Role.CLIENT, Version.CURRENT, "17", UUID.randomUUID().toString(), -1, "fuzz", 1, 0,
                    UUID.randomUUID().toString()).writeFields(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] flipTagByte(byte[] frame, Random random) {
        frame[frame.length - 1 - random.nextInt(ClusterKey.MAC_BYTES)] ^= (byte) (1 + random.nextInt(255));
        return frame;
    }

    /** A peer that opens a connection and says nothing is closed once the hello timeout passes, and counted. */
    private static void silentPeerIsClosedAndCounted(InetSocketAddress address, RefusalLog refusals) throws Exception {
        long peersBefore = refusals.peersRefused();
        try (Socket s = new Socket(address.getHostString(), address.getPort())) {
            s.setSoTimeout(20_000);  // the controller's hello timeout is 10 s
            assertThat(s.getInputStream().readNBytes(SignedFrameDecoder.NONCE_BYTES)).hasSize(SignedFrameDecoder.NONCE_BYTES);
            RawFrames.awaitClose(s.getInputStream(), "silent peer");
        }
        assertThat(refusals.peersRefused() - peersBefore).as("the silent peer, counted").isEqualTo(1);
    }
}
