package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.MessageType;
import dev.jcluster.protocol.RefusalLog;
import dev.jcluster.protocol.SignedFrameDecoder;
import dev.jcluster.testing.CountedLogs;
import dev.jcluster.testing.RawFrames;
import dev.jcluster.testing.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of the controller's port: 100,000 frames of nine kinds (random bytes, bad
 * signatures, another cluster's key, truncated, oversized, unknown types, garbage bodies under a
 * valid signature, valid frames out of order, frames replayed from an earlier connection), each on
 * its own connection, from four threads.
 * Bounded in count and time. The controller must survive, keep serving a real engine, count every
 * frame it refuses (its RefusalLog, not log lines), log only a few lines for all of them, and
 * never hand a badly signed frame on to be decoded.
 */
class FrameFuzzTest {
    private static final long SEED = 20261124L;
    private static final int FRAMES = 100_000;
    private static final int THREADS = 4;
    private static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(240);

    @TempDir
    Path dir;

    enum Kind { RANDOM_BYTES, BAD_SIGNATURE, OTHER_KEY, TRUNCATED, OVERSIZED, UNKNOWN_TYPE, GARBAGE_BODY, NOT_A_HELLO,
        REPLAYED }

    @Test
    void aHundredThousandBadFramesAreRefusedLoggedAndNeverDecoded() throws Exception {
        // 100,000 refusals are counted here, not printed into the build's log
        try (CountedLogs logs = CountedLogs.counting(); TestCluster cluster = TestCluster.start(dir, 1)) {
            ConnectionInfo info = ConnectionInfo.read(cluster.connectionFile());
            InetSocketAddress address = info.addresses().get(0);
            long[] sent = new long[Kind.values().length];
            AtomicLong total = new AtomicLong();
            long started = System.nanoTime();
            long deadline = started + TIME_LIMIT_NANOS;
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<long[]>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(SEED + t);
                parts.add(pool.submit(() -> fuzz(random, address, info.key(), total, deadline)));
            }
            for (Future<long[]> f : parts) {
                long[] counts = f.get(TIME_LIMIT_NANOS + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
                for (int i = 0; i < counts.length; i++) {
                    sent[i] += counts[i];
                }
            }
            pool.shutdownNow();
            long frames = Arrays.stream(sent).sum();
            RefusalLog refusals = cluster.controller().refusals();
            System.out.printf("fuzz: %d frames %s; refused by the frame decoder %d, undecodable %d, peers %d;"
                            + " log lines %d (other warnings %d), errors %d%n", frames, Arrays.toString(sent),
                    refusals.unverifiedFrames(), refusals.undecodableFrames(), refusals.peersRefused(), logs.refusalLines(), logs.otherWarnings(),
                    logs.errors());
            assertThat(frames).as("frames sent within the time limit").isGreaterThanOrEqualTo(FRAMES);

            // every frame the signature check sees (all but those the hello handler refuses)
            long signatureRefusals = sent[Kind.RANDOM_BYTES.ordinal()] + sent[Kind.BAD_SIGNATURE.ordinal()]
                    + sent[Kind.OTHER_KEY.ordinal()] + sent[Kind.OVERSIZED.ordinal()]
                    + sent[Kind.UNKNOWN_TYPE.ordinal()] + sent[Kind.TRUNCATED.ordinal()] + sent[Kind.REPLAYED.ordinal()];
            assertThat(refusals.unverifiedFrames()).as("frames refused by the frame decoder: each bad one, once")
                    .isEqualTo(signatureRefusals);
            // only the validly signed frames (garbage bodies, not a hello) get past the check, to be refused after
            // it: a badly signed frame that reached decoding would be counted here too
            assertThat(refusals.undecodableFrames() + refusals.peersRefused())
                    .as("frames past the signature check, refused after it")
                    .isEqualTo(sent[Kind.GARBAGE_BODY.ordinal()] + sent[Kind.NOT_A_HELLO.ordinal()]);
            long minutes = 1 + TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started);
            assertThat(logs.refusalLines()).as("lines logged for them: at most 20 and a summary a minute")
                    .isLessThanOrEqualTo(21 * minutes);
            assertThat(logs.errors()).as("errors logged").isZero();
            try (Client c = cluster.client()) {
                assertThat(c.status().clients()).as("no fuzzing connection was taken for a client").isEqualTo(1);
                assertThat(c.ids()).as("the engine is still registered").hasSize(1);
                assertThat(c.loadBalanced().apply(() -> 6 * 7)).isEqualTo(42);
            }
        }
    }

    private static long[] fuzz(Random random, InetSocketAddress address, ClusterKey key, AtomicLong total,
                               long deadline) throws Exception {
        long[] counts = new long[Kind.values().length];
        ClusterKey other = ClusterKey.random();
        byte[] earlierNonce = new byte[SignedFrameDecoder.NONCE_BYTES];
        while (total.incrementAndGet() <= FRAMES && System.nanoTime() < deadline) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            try (Socket s = new Socket(address.getHostString(), address.getPort())) {
                s.setSoTimeout(10_000);
                s.setSoLinger(true, 0);
                // the controller opens with its nonce for this connection; a replay is signed for an earlier one
                byte[] nonce = s.getInputStream().readNBytes(SignedFrameDecoder.NONCE_BYTES);
                assertThat(nonce).hasSize(SignedFrameDecoder.NONCE_BYTES);
                byte[] bytes = frame(kind, random, key, other, kind == Kind.REPLAYED ? earlierNonce : nonce);
                earlierNonce = nonce;
                OutputStream out = s.getOutputStream();
                byte[] ours = new byte[SignedFrameDecoder.NONCE_BYTES];
                random.nextBytes(ours);
                out.write(ours);
                out.write(bytes);
                out.flush();
                s.shutdownOutput();  // what was sent is all there is: a truncated frame stays truncated
                RawFrames.awaitClose(s.getInputStream(), "fuzzing connection, " + kind);
            }
            counts[kind.ordinal()]++;
        }
        return counts;
    }

    static byte[] frame(Kind kind, Random random, ClusterKey key, ClusterKey other, byte[] nonce) throws Exception {
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                b[0] = 0;  // a length that fits: the decoder must look at the rest
                yield b;
            }
            case BAD_SIGNATURE -> {
                byte[] f = signed(key, nonce, 1 + random.nextInt(20), random.nextLong(), randomBody(random));
                f[f.length - 1 - random.nextInt(ClusterKey.MAC_BYTES)] ^= (byte) (1 + random.nextInt(255));
                yield f;
            }
            case OTHER_KEY -> signed(other, nonce, 1 + random.nextInt(20), random.nextLong(), randomBody(random));
            case TRUNCATED -> {
                byte[] f = signed(key, nonce, 1, random.nextLong(), randomBody(random));
                yield Arrays.copyOf(f, 4 + random.nextInt(f.length - 5));
            }
            case OVERSIZED -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                DataOutputStream d = new DataOutputStream(b);
                d.writeInt(SignedFrameDecoder.BEFORE_HELLO_MAX_BYTES + 1 + random.nextInt(Integer.MAX_VALUE / 2));
                d.write(new byte[64]);
                yield b.toByteArray();
            }
            case UNKNOWN_TYPE -> signed(key, nonce, 200 + random.nextInt(56), random.nextLong(), randomBody(random));
            case GARBAGE_BODY -> signed(key, nonce, helloCode(), random.nextLong(), randomBody(random));
            case NOT_A_HELLO -> {  // a known type, validly signed: it passes the frame decoder, not the hello handler
                MessageType[] types = MessageType.values();
                MessageType type = types[1 + random.nextInt(types.length - 1)];
                yield signed(key, nonce, type.code(), random.nextLong(), new byte[0]);
            }
            case REPLAYED -> signed(key, nonce, helloCode(), random.nextLong(), randomBody(random));
        };
    }

    private static int helloCode() {
        return MessageType.HELLO.code();
    }

    private static byte[] randomBody(Random random) {
        byte[] body = new byte[random.nextInt(200)];
        random.nextBytes(body);
        return body;
    }

    /** The first frame of a connection: sequence number 0. */
    static byte[] signed(ClusterKey key, byte[] nonce, int type, long id, byte[] body) throws IOException {
        return RawFrames.signed(key, nonce, 0, type, id, body);
    }
}
