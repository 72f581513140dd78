package dev.jcluster.internal;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Records on their way out of a {@link DataLink}, a batch at a time ({@code [u32 length]
 * [records]}, each record {@code [u32 length][bytes]}). On the socket, records are sealed, and the
 * sending thread seals into one batch while a thread of its own writes the other, so that sealing
 * and the copy into the kernel overlap. Once the link {@link #useRing shares memory} with its peer,
 * records are copied as they are into a free slot of the ring (see {@link SharedRing} for why they
 * need no seal there) and only the slot's {@link BatchWord} goes on the socket; the peer's word
 * that it emptied the slot frees it again. Not thread-safe, except {@link #slotFreed} and
 * {@link #emptied}, which the link's reading thread calls: the link's send lock guards it.
 */
final class BatchWriter implements AutoCloseable {
    private final OutputStream out;
    private final int batchBytes;
    private final ExecutorService writer;
    private final Object words = new Object();
    private byte[] filling;
    private byte[] other;
    private int end = 4;
    private Future<?> writing;
    private SharedRing ring;
    private int direction;
    private BlockingQueue<Integer> freeSlots;
    /** The slot being filled (-1: none yet) and where its next record goes. */
    private int slot = -1;
    private ByteBuffer slotBytes;
    private int slotEnd;

    BatchWriter(OutputStream out, int batchBytes, String threadName) {
        this.out = out;
        this.batchBytes = batchBytes;
        this.writer = Executors.newSingleThreadExecutor(new DefaultThreadFactory(threadName, true));
    }

    /** From now on batches go through {@code ring}'s slots of {@code direction}. */
    void useRing(SharedRing ring, int direction) {
        BlockingQueue<Integer> slots = new ArrayBlockingQueue<>(ring.slots() + 1);
        for (int i = 0; i < ring.slots(); i++) {
            slots.add(i);
        }
        this.freeSlots = slots;
        this.direction = direction;
        this.ring = ring;
    }

    /**
     * Adds {@code length} bytes of {@code plain} as the next record, sealed with {@code sealer} on
     * the socket, as they are in the ring; a full batch is handed over first.
     */
    void add(LinkCipher sealer, byte[] plain, int offset, int length) throws IOException {
        int sealedBytes = length + LinkCipher.TAG_BYTES;
        if (4 + 4 + sealedBytes > batchBytes) {
            throw new IOException("a record of " + sealedBytes + " bytes does not fit a batch");
        }
        if (ring != null) {
            copyIntoSlot(plain, offset, length);
            return;
        }
        if (filling == null) {
            filling = new byte[batchBytes];
            other = new byte[batchBytes];
        }
        if (end + 4 + sealedBytes > batchBytes) {
            handOver();
        }
        int n = sealer.seal(plain, offset, length, filling, end + 4);
        ByteBuffer.wrap(filling).putInt(end, n);
        end += 4 + n;
    }

    private void copyIntoSlot(byte[] plain, int offset, int length) throws IOException {
        if (slot >= 0 && slotEnd + 4 + length > slotBytes.capacity()) {
            handOver();
        }
        if (slot < 0) {
            slot = takeSlot();
            slotBytes = ring.slot(direction, slot);
            slotEnd = 0;
        }
        slotBytes.putInt(slotEnd, length).put(slotEnd + 4, plain, offset, length);
        slotEnd += 4 + length;
    }

    /** Hands the batch being filled on: to the writing thread once the one before it is written, or to the peer's ring. */
    void handOver() throws IOException {
        if (ring != null) {
            if (slot >= 0) {
                ring.fence();
                writeWord(BatchWord.inSlot(slot, slotEnd));
                slot = -1;
            }
            return;
        }
        if (end == 4) {
            return;
        }
        ByteBuffer.wrap(filling).putInt(0, end - 4);
        finish();
        byte[] full = filling;
        int length = end;
        writing = writer.submit(() -> {
            out.write(full, 0, length);
            out.flush();
            return null;
        });
        filling = other;
        other = full;
        end = 4;
    }

    /** Waits for a slot the peer has emptied (there are few, so that the ring stays in the CPU's cache). */
    private int takeSlot() throws IOException {
        try {
            int free = freeSlots.take();
            if (free < 0) {
                freeSlots.offer(free);  // whoever waits next hears it too
                throw new IOException("the data link was closed");
            }
            return free;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for room in a data link's shared memory", e);
        }
    }

    /** The peer emptied {@code freed} (called by the link's reading thread). */
    void slotFreed(int freed) {
        freeSlots.offer(freed);
    }

    /**
     * Tells the peer that this side emptied its slot {@code emptied} (called by the link's reading
     * thread, which the write cannot hold up for long: the peer's reader takes words as they come).
     */
    void emptied(int emptied) {
        try {
            writeWord(BatchWord.emptied(emptied));
        } catch (IOException e) {
            // the socket is gone; the link's reader hears of it and closes the link
        }
    }

    /** Writes one word; the sending thread and the link's reading thread both may, one at a time. */
    private void writeWord(int word) throws IOException {
        synchronized (words) {
            out.write(new byte[] {(byte) (word >>> 24), (byte) (word >>> 16), (byte) (word >>> 8), (byte) word});
            out.flush();
        }
    }

    /** Waits until everything handed over is written; throws what writing it threw. */
    void finish() throws IOException {
        Future<?> w = writing;
        if (w == null) {
            return;
        }
        writing = null;
        try {
            w.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to a data link", e);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        BlockingQueue<Integer> slots = freeSlots;
        if (slots != null) {
            slots.clear();
            slots.offer(-1);
        }
    }
}
