package dev.jcluster.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The step of a {@link DataLink}'s opening that decides whether its batches cross through a
 * {@link SharedRing}: the client offers one (or an empty offer), the engine answers whether it
 * mapped it, and why not if it did not. Both records are sealed like the rest of the opening.
 */
final class RingNegotiation {
    /** How the link's opening sends and reads its sealed records. */
    interface Opening {
        void send(byte[] body) throws IOException;

        byte[] read() throws IOException;
    }

    /** What was agreed: the ring both use (null: none), and how batches cross, for logs. */
    record Outcome(SharedRing ring, String transport) {
        static final String SHARED = "shared memory";
    }

    private static final byte ACCEPTED = 1;
    private static final byte DECLINED = 0;
    private static final int MAX_REASON_BYTES = 1024;

    private RingNegotiation() {
    }

    /** The client's side: offers a ring made in {@code directory} (null: none) and reads the engine's answer. */
    static Outcome offer(Opening opening, Path directory, int slots, int slotBytes) throws IOException {
        SharedRing ring = null;
        String unused = "the engine is on another host, or this host has no /dev/shm";
        if (directory != null) {
            try {
                ring = SharedRing.create(directory, slots, slotBytes);
            } catch (IOException | RuntimeException e) {
                unused = "no shared memory in " + directory + ": " + e;
            }
        }
        try {
            opening.send(ring == null ? new byte[0] : ring.offer());
            byte[] answer = opening.read();
            if (ring != null && answer.length == 1 && answer[0] == ACCEPTED) {
                return new Outcome(ring, Outcome.SHARED);
            }
            if (ring != null) {
                unused = "the engine did not map it: " + new String(answer, Math.min(1, answer.length),
                        Math.max(0, answer.length - 1), StandardCharsets.UTF_8);
            }
            return new Outcome(null, "socket (" + unused + ")");
        } finally {
            if (ring != null) {
                ring.unlink();  // both ends hold their mappings now, or the link failed
            }
        }
    }

    /** The engine's side: maps the ring the client offers, if it can, and answers. */
    static Outcome answer(Opening opening, int slotBytes) throws IOException {
        byte[] offer = opening.read();
        if (offer.length == 0) {
            opening.send(declined("none offered"));
            return new Outcome(null, "socket (none offered)");
        }
        SharedRing ring;
        try {
            ring = SharedRing.join(offer, slotBytes);
        } catch (IOException | RuntimeException e) {
            opening.send(declined(e.toString()));
            return new Outcome(null, "socket (" + e + ")");
        }
        opening.send(new byte[] {ACCEPTED});
        return new Outcome(ring, Outcome.SHARED);
    }

    private static byte[] declined(String why) {
        byte[] reason = why.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(reason.length, MAX_REASON_BYTES);
        return ByteBuffer.allocate(1 + n).put(DECLINED).put(reason, 0, n).array();
    }
}
