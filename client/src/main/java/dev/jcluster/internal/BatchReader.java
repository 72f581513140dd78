package dev.jcluster.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;

/**
 * The records of a {@link DataLink}'s incoming batches ({@code [u32 length][records]}, as
 * {@link BatchWriter} writes them). Once {@link #readAhead started}, a thread of its own reads the
 * next batches from the socket while the link's reader opens the records of this one, so that the
 * copy out of the kernel and the opening overlap; before that (the opening handshake) batches are
 * read on the calling thread.
 *
 * <p>Once the link {@link #useRing shares memory} with its peer, words on the socket name slots of
 * the ring instead ({@link BatchWord}), whose records are not sealed (see {@link SharedRing}), and
 * the link's reader copies each record out of the slot straight into the array it is for. A slot
 * whose last record was taken is given back to the peer at once; a word saying the peer emptied
 * one of this side's slots goes to this side's {@link BatchWriter}.
 */
final class BatchReader {
    private static final int BATCHES = 3;
    private final InputStream in;
    private final int batchBytes;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BATCHES);
    /** Batches read, then what ended the reading (an IOException): never more than fits, so putting never blocks. */
    private final BlockingQueue<Object> read = new ArrayBlockingQueue<>(BATCHES + 1);
    private final byte[] lengthWord = new byte[4];
    private Thread thread;
    private byte[] current;
    private int at;
    private int end;
    private int recordAt;
    private int recordBytes;
    private SharedRing ring;
    private int direction;
    private IntConsumer emptied;
    private IntConsumer freed;
    /** The ring's slot being read (-1: none), where its next record is, and where it ends. */
    private int slot = -1;
    private ByteBuffer slotBytes;
    private int slotEnd;

    private record Batch(byte[] bytes, int length) {
    }

    BatchReader(InputStream in, int batchBytes) {
        this.in = in;
        this.batchBytes = batchBytes;
    }

    /**
     * Batches come in {@code ring}'s slots of {@code direction} from now on; {@code emptied} tells
     * the peer when this side has taken one's records, {@code freed} hears that the peer emptied
     * one of this side's.
     */
    void useRing(SharedRing ring, int direction, IntConsumer emptied, IntConsumer freed) {
        this.ring = ring;
        this.direction = direction;
        this.emptied = emptied;
        this.freed = freed;
        this.current = null;
        this.at = 0;
        this.end = 0;
    }

    /** From now on batches on the socket are read ahead, on a thread of its own named {@code threadName}. */
    void readAhead(String threadName) {
        if (ring != null) {
            return;
        }
        for (int i = 0; i < BATCHES - (current == null ? 0 : 1); i++) {
            free.add(new byte[batchBytes]);
        }
        thread = new Thread(this::readLoop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits for the next record and returns the length of what it holds (less its seal on the
     * socket); {@link #take} puts that into an array.
     */
    int next() throws IOException {
        if (ring != null) {
            return nextFromRing();
        }
        if (at >= end) {
            nextBatch();
        }
        recordBytes = recordLength(ByteBuffer.wrap(current), at, end);
        recordAt = at + 4;
        at += 4 + recordBytes;
        return recordBytes - LinkCipher.TAG_BYTES;
    }

    /**
     * Puts what the record {@link #next} came to holds into {@code into} at {@code offset}: opened
     * by {@code opener} on the socket, copied out of the ring (which is then given back once empty).
     */
    void take(LinkCipher opener, byte[] into, int offset) throws IOException {
        if (ring == null) {
            opener.open(current, recordAt, recordBytes, into, offset);
            return;
        }
        slotBytes.get(recordAt, into, offset, recordBytes);
        if (at == slotEnd) {
            emptied.accept(slot);
            slot = -1;
        }
    }

    private int nextFromRing() throws IOException {
        while (slot < 0) {
            int word = readWord();
            if (!BatchWord.isShared(word)) {
                throw new IOException("a batch on the socket of a data link that shares memory");
            }
            if (BatchWord.isEmptied(word)) {
                freed.accept(slotOf(word));
            } else {
                slot = slotOf(word);
                slotEnd = checkedLength(BatchWord.length(word));
                slotBytes = ring.slot(direction, slot);
                at = 0;
                ring.fence();
            }
        }
        recordBytes = recordLength(slotBytes, at, slotEnd);
        recordAt = at + 4;
        at += 4 + recordBytes;
        return recordBytes;
    }

    /** The length of the record at {@code at} of a batch that ends at {@code end}, checked to fit it. */
    private static int recordLength(ByteBuffer batch, int at, int end) throws IOException {
        if (end - at < 4) {
            throw new IOException("a data link batch ends inside a record's length");
        }
        int n = batch.getInt(at);
        if (n <= 0 || n > end - at - 4) {
            throw new IOException("a data link record of " + n + " bytes in a batch with " + (end - at - 4) + " left");
        }
        return n;
    }

    private void nextBatch() throws IOException {
        if (thread == null) {
            if (current == null) {
                current = new byte[batchBytes];
            }
            int word = readWord();
            if (BatchWord.isShared(word)) {
                throw new IOException("a data link's opening batch in shared memory");
            }
            end = readBatch(word, current);
            at = 0;
            return;
        }
        if (current != null) {
            free.add(current);
        }
        Object next;
        try {
            next = read.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a data link", e);
        }
        if (next instanceof IOException e) {
            current = null;
            read.add(e);  // whoever asks again hears the same
            throw e;
        }
        Batch batch = (Batch) next;
        current = batch.bytes();
        end = batch.length();
        at = 0;
    }

    private void readLoop() {
        try {
            while (true) {
                int word = readWord();
                if (BatchWord.isShared(word)) {
                    throw new IOException("a shared-memory word on a data link that does not share memory");
                }
                byte[] buffer = free.take();
                read.add(new Batch(buffer, readBatch(word, buffer)));
            }
        } catch (IOException e) {
            read.add(e);
        } catch (InterruptedException e) {
            read.add(new IOException("the data link's reading thread was stopped", e));
        }
    }

    private int readWord() throws IOException {
        readFully(lengthWord, 4);
        return ByteBuffer.wrap(lengthWord).getInt();
    }

    private int slotOf(int word) throws IOException {
        int named = BatchWord.slot(word);
        if (named >= ring.slots()) {
            throw new IOException("a data link batch in shared-memory slot " + named + ", which is not there");
        }
        return named;
    }

    private int checkedLength(int n) throws IOException {
        if (n <= 0 || n > batchBytes) {
            throw new IOException("a data link batch of " + n + " bytes");
        }
        return n;
    }

    /** Reads the batch of {@code n} bytes that follows its word into {@code buffer}; returns its length. */
    private int readBatch(int n, byte[] buffer) throws IOException {
        readFully(buffer, checkedLength(n));
        return n;
    }

    private void readFully(byte[] into, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = in.read(into, got, n - got);
            if (r < 0) {
                throw new EOFException();
            }
            got += r;
        }
    }
}
