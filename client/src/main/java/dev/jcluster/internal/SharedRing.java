package dev.jcluster.internal;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared memory between the two ends of a {@link DataLink} on one host: a file in {@code /dev/shm}
 * that both map, holding a few batch-sized slots per direction. A batch copied into a slot and
 * named by a word on the socket crosses for a fraction of the CPU that the loopback socket's two
 * kernel copies cost. The client creates it (owner-only, its pages written in advance) and names
 * it and a random token in a sealed record; an engine that maps the same file and finds the token
 * takes it, one on another host (or in another mount namespace) does not, and the link stays on
 * the socket. The client removes the file as soon as the engine has answered: the mappings outlive
 * it.
 *
 * <p>Records in the ring are not sealed. Only this user's processes (and root) could ever open the
 * file, and only until it is removed; each of them can read the cluster's key from its owner-only
 * file as well, so a seal would keep out no one who could reach the ring, and it would double the
 * CPU a transfer costs.
 */
final class SharedRing {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRing.class);
    static final int CLIENT_TO_ENGINE = 0;
    static final int ENGINE_TO_CLIENT = 1;
    private static final Path DEFAULT_DIR = Path.of("/dev/shm");
    private static final int MAGIC = 0x4a435252;
    private static final int TOKEN_BYTES = 32;
    private static final int HEADER_BYTES = 4096;
    /** Most slots an offer may name, so that a peer cannot make this side map much. */
    private static final int MAX_SLOTS = 16;
    private final Path path;
    private final byte[] token;
    private final int slots;
    private final int slotBytes;
    private final MappedByteBuffer memory;

    private SharedRing(Path path, byte[] token, int slots, int slotBytes, MappedByteBuffer memory) {
        this.path = path;
        this.token = token;
        this.slots = slots;
        this.slotBytes = slotBytes;
        this.memory = memory;
    }

    /**
     * Where this client makes rings, or null: where there is no shared-memory file system, or
     * {@code -Djcluster.shared-memory=false} keeps links on their sockets.
     */
    static Path defaultDirectory() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("jcluster.shared-memory", "true"));
        return wanted && Files.isDirectory(DEFAULT_DIR) && Files.isWritable(DEFAULT_DIR) ? DEFAULT_DIR : null;
    }

    /** Whether {@code address} is one of this host's own (so an engine there may share memory with it). */
    static boolean isThisHost(InetAddress address) {
        try {
            return address != null
                    && (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null);
        } catch (SocketException e) {
            return false;
        }
    }

    /** A new ring in {@code dir}, readable and writable by this user only, its pages already in memory. */
    static SharedRing create(Path dir, int slots, int slotBytes) throws IOException {
        byte[] token = new byte[TOKEN_BYTES];
        SecureRandom random = new SecureRandom();
        random.nextBytes(token);
        byte[] name = new byte[12];
        random.nextBytes(name);
        Path path = dir.resolve("jcluster-link-" + HexFormat.of().formatHex(name));
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = size(slots, slotBytes);
            // written rather than touched through the mapping: a full /dev/shm then fails this write
            // instead of killing the process with SIGBUS, and no page is first touched mid-transfer
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long at = 0; at < size; at += zeros.capacity()) {
                file.write(zeros.clear().limit((int) Math.min(zeros.capacity(), size - at)), at);
            }
            MappedByteBuffer memory = file.map(FileChannel.MapMode.READ_WRITE, 0, size);
            memory.putInt(0, MAGIC).putInt(4, slots).putInt(8, slotBytes).put(12, token);
            return new SharedRing(path, token, slots, slotBytes, memory);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** What the client's offer carries: where the ring is and its token (sent sealed). */
    byte[] offer() {
        byte[] where = path.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 4 + TOKEN_BYTES + where.length).putInt(slots).putInt(slotBytes).put(token)
                .put(where).array();
    }

    /**
     * The ring an offer names, mapped, if it is there with the offer's token and the shape this
     * side expects; throws saying why not (another host, another user, another mount namespace).
     */
    static SharedRing join(byte[] offer, int expectedSlotBytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(offer);
        if (in.remaining() < 4 + 4 + TOKEN_BYTES + 1) {
            throw new IOException("a shared-memory offer of " + offer.length + " bytes");
        }
        int slots = in.getInt();
        int slotBytes = in.getInt();
        byte[] token = new byte[TOKEN_BYTES];
        in.get(token);
        Path path = Path.of(new String(offer, in.position(), in.remaining(), StandardCharsets.UTF_8));
        if (slots < 1 || slots > MAX_SLOTS || slotBytes != expectedSlotBytes) {
            throw new IOException("a shared-memory ring of " + slots + " slots of " + slotBytes + " bytes");
        }
        if (!path.getFileName().toString().startsWith("jcluster-link-")) {
            throw new IOException("not a jcluster ring: " + path);
        }
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = size(slots, slotBytes);
            if (file.size() != size) {
                throw new IOException(path + " holds " + file.size() + " bytes, not " + size);
            }
            MappedByteBuffer memory = file.map(FileChannel.MapMode.READ_WRITE, 0, size);
            byte[] found = new byte[TOKEN_BYTES];
            memory.get(12, found);
            if (memory.getInt(0) != MAGIC || !MessageDigest.isEqual(found, token)) {
                throw new IOException(path + " is not the ring the client made");
            }
            return new SharedRing(path, token, slots, slotBytes, memory);
        }
    }

    int slots() {
        return slots;
    }

    /** Slot {@code slot} of {@code direction}, to copy records into or out of. */
    ByteBuffer slot(int direction, int slot) {
        return memory.slice(at(direction, slot), slotBytes);
    }

    /**
     * Orders this process's slot accesses against the words on the socket: after filling a slot,
     * before the word naming it goes; after such a word came, before reading the slot.
     */
    void fence() {
        VarHandle.fullFence();
    }

    private int at(int direction, int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalArgumentException("slot " + slot + " of " + slots);
        }
        return HEADER_BYTES + (direction * slots + slot) * slotBytes;
    }

    /** Removes the file; the mappings stay until both ends let go of them. */
    void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the link works on; the values it carries pass through a file that keeps its name
            LOG.warn("cannot remove {} ({}); it is readable by this user only and goes at the next boot", path,
                    e.toString());
        }
    }

    private static long size(int slots, int slotBytes) {
        return HEADER_BYTES + 2L * slots * slotBytes;
    }
}
