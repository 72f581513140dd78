package dev.jcluster.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.jcluster.protocol.DataKey;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection straight from a client to an engine for large values, both ways: the controller
 * brokers it (it gives the engine the client's link key, the client the engine's address) and
 * carries only a {@link Transfer} marker, so a value crosses loopback or the network once instead
 * of twice and the controller's CPU and disk never see it.
 *
 * <p>Opening: the client sends a magic word, a version, its uuid and a random nonce; the engine
 * answers with the magic word, the version and its own nonce; each direction's key comes from the
 * client's link key and both nonces ({@link LinkKeys}), and each side's first record proves it holds
 * it. Then records, {@code [u32 sealed length][AES-GCM sealed bytes]} ({@link LinkCipher}), in
 * batches ({@link BatchWriter}, {@link BatchReader}): a value is a header record (type, transfer
 * id, part sizes) followed by its bytes in records of up to {@link #RECORD_BYTES}, opened straight
 * into the arrays that become the value. On the socket the sending thread seals while another
 * writes, and one thread per link reads the socket ahead while another opens what came.
 *
 * <p>After the proofs the client offers a {@link SharedRing} when the engine's address is one of
 * this host's, and the engine answers whether it could map it ({@link RingNegotiation}); if so,
 * the batches of both directions go through it, their records unsealed (see {@link SharedRing}),
 * copied into its slots by the sending thread and out of them into the value's arrays by the
 * link's reading thread, and the socket carries only the words naming them.
 */
public final class DataLink implements AutoCloseable {
    /** Small enough that the JVM's AES-GCM takes its fast path after a short warm-up (see {@link CipherWarmUp}). */
    public static final int RECORD_BYTES = 32 * 1024;
    /** Records are written and read in batches of up to this many bytes, to keep system calls few. */
    private static final int BATCH_BYTES = 512 * 1024;
    /** Values from this size on take a data link where there is one; smaller ones ride in their frames. */
    public static final int DIRECT_BYTES = 256 * 1024;
    private static final int MAGIC = 0x4a43444c;
    private static final byte VERSION = 2;
    private static final byte PROOF = 1;
    private static final byte VALUE = 2;
    private static final byte RING_OFFER = 3;
    private static final byte RING_ANSWER = 4;
    /** The largest body of a record of the link's opening (a ring offer names a path, a refusal says why). */
    private static final int OPENING_BODY_BYTES = 4096;
    private static final int RING_SLOTS = 4;
    /** A value goes in at most this many parts, each its own array on arrival (see {@link #send}). */
    private static final int MAX_PARTS = 8;
    private static final int HEADER_BYTES = 1 + Long.BYTES + 1 + MAX_PARTS * Long.BYTES;
    private static final int HANDSHAKE_MILLIS = 10_000;

    /** What a link does with what arrives on it. */
    public interface Receiver {
        /** The largest value this side takes (0: no limit). */
        long limit();

        /** Transfer {@code id} arrived whole and checked. */
        void arrived(long id, ByteBuf value);

        /** Transfer {@code id} will not arrive: over the limit, or cut off by the link's end. */
        void refused(long id, IOException why);

        /** The link ended ({@code cause} says why); called once. */
        void closed(DataLink link, IOException cause);
    }

    /** The engine's side: the link key of a client, waiting for the controller's {@link DataKey} if need be. */
    public interface KeyLookup {
        byte[] keyFor(String clientUuid) throws IOException;
    }

    private final Socket socket;
    private final String clientUuid;
    private final LinkCipher sealer;
    private final LinkCipher opener;
    private final Receiver receiver;
    private final Object sending = new Object();
    private final BatchWriter batches;
    private final BatchReader records;
    private final byte[] copied = new byte[RECORD_BYTES];
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How batches cross: "shared memory", or "socket" and why (set by the opening). */
    private String transport = "socket";

    private DataLink(Socket socket, String clientUuid, byte[] sealKey, byte[] openKey, Receiver receiver)
            throws IOException {
        this.socket = socket;
        this.batches = new BatchWriter(socket.getOutputStream(), BATCH_BYTES, "jcluster-data-writer");
        this.records = new BatchReader(socket.getInputStream(), BATCH_BYTES);
        this.clientUuid = clientUuid;
        this.sealer = new LinkCipher(sealKey, true);
        this.opener = new LinkCipher(openKey, false);
        this.receiver = receiver;
    }

    /**
     * The client's side: connects to an engine's data port and proves the link key; shares memory
     * with an engine on this host where the host has {@code /dev/shm}.
     */
    public static DataLink connect(InetSocketAddress address, String clientUuid, byte[] linkKey, int timeoutMillis,
                                   Receiver receiver) throws IOException {
        return connect(address, clientUuid, linkKey, timeoutMillis, receiver, SharedRing.defaultDirectory());
    }

    /** As {@link #connect}, offering a ring made in {@code ringDirectory} (null: the socket only). */
    static DataLink connect(InetSocketAddress address, String clientUuid, byte[] linkKey, int timeoutMillis,
                            Receiver receiver, Path ringDirectory) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(HANDSHAKE_MILLIS);
            byte[] clientNonce = nonce();
            byte[] uuid = clientUuid.getBytes(StandardCharsets.UTF_8);
            ByteBuffer opening = ByteBuffer.allocate(4 + 1 + 2 + uuid.length + clientNonce.length)
                    .putInt(MAGIC).put(VERSION).putShort((short) uuid.length).put(uuid).put(clientNonce);
            socket.getOutputStream().write(opening.array());
            DataInputStream peer = new DataInputStream(socket.getInputStream());
            readOpening(peer);
            byte[] engineNonce = new byte[LinkKeys.NONCE_BYTES];
            peer.readFully(engineNonce);
            DataLink link = new DataLink(socket, clientUuid,
                    LinkKeys.session(linkKey, "client to engine", clientNonce, engineNonce),
                    LinkKeys.session(linkKey, "engine to client", clientNonce, engineNonce), receiver);
            link.sendOpening(PROOF, new byte[0]);
            link.readOpening(PROOF);
            link.offerRing(ringDirectory != null && SharedRing.isThisHost(address.getAddress()) ? ringDirectory : null);
            return link.started("jcluster-data-engine-" + address.getPort());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The engine's side of a connection its data port accepted. */
    public static DataLink accept(Socket socket, KeyLookup keys, Receiver receiver) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_MILLIS);
            DataInputStream peer = new DataInputStream(socket.getInputStream());
            readOpening(peer);
            int uuidBytes = peer.readUnsignedShort();
            byte[] uuid = new byte[uuidBytes];
            peer.readFully(uuid);
            byte[] clientNonce = new byte[LinkKeys.NONCE_BYTES];
            peer.readFully(clientNonce);
            String clientUuid = new String(uuid, StandardCharsets.UTF_8);
            byte[] linkKey = keys.keyFor(clientUuid);
            byte[] engineNonce = nonce();
            socket.getOutputStream().write(ByteBuffer.allocate(4 + 1 + engineNonce.length)
                    .putInt(MAGIC).put(VERSION).put(engineNonce).array());
            DataLink link = new DataLink(socket, clientUuid,
                    LinkKeys.session(linkKey, "engine to client", clientNonce, engineNonce),
                    LinkKeys.session(linkKey, "client to engine", clientNonce, engineNonce), receiver);
            link.readOpening(PROOF);
            link.sendOpening(PROOF, new byte[0]);
            link.answerRing();
            return link.started("jcluster-data-client");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void readOpening(DataInputStream peer) throws IOException {
        int magic = peer.readInt();
        int version = peer.readUnsignedByte();
        if (magic != MAGIC || version != VERSION) {
            throw new IOException("not a jcluster data link (or another version): magic " + Integer.toHexString(magic)
                    + ", version " + version);
        }
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[LinkKeys.NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        return nonce;
    }

    /** A record of the link's opening: {@code type} and {@code body}, sealed; the first, the proof, shows the key. */
    private void sendOpening(byte type, byte[] body) throws IOException {
        byte[] plain = new byte[1 + body.length];
        plain[0] = type;
        System.arraycopy(body, 0, plain, 1, body.length);
        synchronized (sending) {
            batches.add(sealer, plain, 0, plain.length);
            batches.handOver();
            batches.finish();
        }
    }

    /** The body of the next record of the opening, which must be of {@code type}. */
    private byte[] readOpening(byte type) throws IOException {
        int plainBytes = records.next();
        if (plainBytes < 1 || plainBytes > 1 + OPENING_BODY_BYTES) {
            throw new IOException("the data link's opening record " + type + " is out of place");
        }
        byte[] plain = new byte[plainBytes];
        records.take(opener, plain, 0);
        if (plain[0] != type) {
            throw new IOException("the data link's opening record " + type + " is out of place");
        }
        return Arrays.copyOfRange(plain, 1, plain.length);
    }

    /** The client's side of the ring's negotiation; both use it if the engine could map it. */
    private void offerRing(Path directory) throws IOException {
        use(RingNegotiation.offer(openingOf(RING_OFFER, RING_ANSWER), directory, RING_SLOTS, BATCH_BYTES),
                SharedRing.CLIENT_TO_ENGINE, SharedRing.ENGINE_TO_CLIENT);
    }

    /** The engine's side of the ring's negotiation. */
    private void answerRing() throws IOException {
        use(RingNegotiation.answer(openingOf(RING_ANSWER, RING_OFFER), BATCH_BYTES),
                SharedRing.ENGINE_TO_CLIENT, SharedRing.CLIENT_TO_ENGINE);
    }

    private RingNegotiation.Opening openingOf(byte sends, byte reads) {
        return new RingNegotiation.Opening() {
            @Override
            public void send(byte[] body) throws IOException {
                sendOpening(sends, body);
            }

            @Override
            public byte[] read() throws IOException {
                return readOpening(reads);
            }
        };
    }

    private void use(RingNegotiation.Outcome agreed, int sending, int receiving) {
        if (agreed.ring() != null) {
            batches.useRing(agreed.ring(), sending);
            records.useRing(agreed.ring(), receiving, batches::emptied, batches::slotFreed);
        }
        transport = agreed.transport();
    }

    /** Whether this link's batches cross through shared memory rather than the socket. */
    public boolean sharesMemory() {
        return transport.equals(RingNegotiation.Outcome.SHARED);
    }

    /** How this link's batches cross, for logs: "shared memory", or "socket" and why not shared memory. */
    public String transport() {
        return transport;
    }

    private DataLink started(String threadName) throws IOException {
        socket.setSoTimeout(0);
        records.readAhead(threadName + "-reading");
        Thread reader = new Thread(this::readLoop, threadName);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /** The client at the other end (on the engine's side) or this side's client. */
    public String clientUuid() {
        return clientUuid;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Sends {@code value} as transfer {@code id}, sealing (or copying) it on the calling thread;
     * returns when the last record is written. The value is not released. A failure closes the
     * link. The value's parts as it holds them (a serializer's tag and a wrapped array, say) arrive
     * as arrays of their own, so that the receiver can take a large array as it is instead of
     * copying it out.
     */
    public void send(long id, ByteBuf value) throws IOException {
        ByteBuffer[] parts = value.nioBuffers();
        if (parts.length > MAX_PARTS) {
            parts = new ByteBuffer[] {value.nioBuffer()};
        }
        synchronized (sending) {
            if (closed.get()) {
                throw new IOException("the data link is closed");
            }
            try {
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(VALUE).putLong(id).put((byte) parts.length);
                for (ByteBuffer part : parts) {
                    header.putLong(part.remaining());
                }
                batches.add(sealer, header.array(), 0, HEADER_BYTES);
                for (ByteBuffer part : parts) {
                    sendPart(part.duplicate());
                }
                batches.handOver();
                batches.finish();
            } catch (IOException e) {
                close(e);
                throw e;
            }
        }
    }

    private void sendPart(ByteBuffer part) throws IOException {
        while (part.hasRemaining()) {
            int n = Math.min(RECORD_BYTES, part.remaining());
            if (part.hasArray()) {
                batches.add(sealer, part.array(), part.arrayOffset() + part.position(), n);
                part.position(part.position() + n);
            } else {
                part.get(copied, 0, n);
                batches.add(sealer, copied, 0, n);
            }
        }
    }

    private void readLoop() {
        byte[] record = new byte[RECORD_BYTES];
        long current = 0;
        try {
            while (true) {
                if (records.next() != HEADER_BYTES) {
                    throw new IOException("a data link record out of place");
                }
                records.take(opener, record, 0);
                ByteBuffer header = ByteBuffer.wrap(record, 0, HEADER_BYTES);
                if (header.get() != VALUE) {
                    throw new IOException("a data link record out of place");
                }
                current = header.getLong();
                int count = header.get();
                if (count < 1 || count > MAX_PARTS) {
                    throw new IOException("a value in " + count + " parts");
                }
                long[] sizes = new long[count];
                long size = 0;
                for (int i = 0; i < count; i++) {
                    sizes[i] = header.getLong();
                    if (sizes[i] < 0 || sizes[i] > Integer.MAX_VALUE) {
                        throw new IOException("a value part of " + sizes[i] + " bytes");
                    }
                    size += sizes[i];
                }
                byte[][] value = allocate(sizes, size);
                for (int i = 0; i < sizes.length; i++) {
                    receivePart(value == null ? null : value[i], sizes[i], record);
                }
                long id = current;
                current = 0;
                if (value != null) {
                    receiver.arrived(id, Unpooled.wrappedBuffer(value));
                } else {
                    receiver.refused(id, new IOException("a value of " + ValueLimits.bytes(size) + ", over this "
                            + "process's limit of " + ValueLimits.bytes(receiver.limit()) + " (a third of its heap)"));
                }
            }
        } catch (IOException | RuntimeException e) {
            IOException cause = e instanceof IOException io ? io : new IOException(e.toString(), e);
            if (current != 0) {
                receiver.refused(current, cause);
            }
            close(e instanceof EOFException || closed.get() ? new IOException("the data link was closed") : cause);
        }
    }

    /** Opens records into {@code into} until its {@code size} bytes came ({@code into} null: into {@code scratch}, dropped). */
    private void receivePart(byte[] into, long size, byte[] scratch) throws IOException {
        long at = 0;
        while (at < size) {
            int plain = records.next();
            if (plain <= 0 || plain > RECORD_BYTES || at + plain > size) {
                throw new IOException("a value part runs past its " + size + " bytes");
            }
            records.take(opener, into != null ? into : scratch, into != null ? (int) at : 0);
            at += plain;
        }
    }

    /** Arrays for a value's parts, or null when this side does not take a value of {@code size} bytes. */
    private byte[][] allocate(long[] sizes, long size) {
        if (size > Integer.MAX_VALUE - 8 || !ValueLimits.within(size, receiver.limit())) {
            return null;
        }
        try {
            byte[][] parts = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                parts[i] = new byte[(int) sizes[i]];
            }
            return parts;
        } catch (OutOfMemoryError e) {
            return null;
        }
    }

    @Override
    public void close() {
        close(new IOException("the data link was closed"));
    }

    private void close(IOException cause) {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            batches.close();
            receiver.closed(this, cause instanceof SocketException && !socket.isConnected()
                    ? new IOException("the data link was closed") : cause);
        }
    }
}
