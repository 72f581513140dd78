package dev.jcluster.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The records of a {@link DataLink}'s incoming batches ({@code [u32 length][records]}, as
 * {@link BatchWriter} writes them). Once {@link #readAhead started}, a thread of its own reads the
 * next batches from the socket while the link's reader opens the records of this one, so that the
 * copy out of the kernel and the opening overlap; before that (the opening handshake) batches are
 * read on the calling thread.
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

    private record Batch(byte[] bytes, int length) {
    }

    BatchReader(InputStream in, int batchBytes) {
        this.in = in;
        this.batchBytes = batchBytes;
    }

    /** From now on batches are read ahead, on a thread of its own named {@code threadName}. */
    void readAhead(String threadName) {
        for (int i = 0; i < BATCHES - (current == null ? 0 : 1); i++) {
            free.add(new byte[batchBytes]);
        }
        thread = new Thread(this::readLoop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next record's sealed length; its bytes are in {@link #bytes()} from {@link #offset()}. */
    int next() throws IOException {
        if (at >= end) {
            nextBatch();
        }
        if (end - at < 4) {
            throw new IOException("a data link batch ends inside a record's length");
        }
        int n = ByteBuffer.wrap(current).getInt(at);
        if (n <= 0 || n > end - at - 4) {
            throw new IOException("a data link record of " + n + " bytes in a batch with " + (end - at - 4) + " left");
        }
        recordAt = at + 4;
        at += 4 + n;
        return n;
    }

    byte[] bytes() {
        return current;
    }

    int offset() {
        return recordAt;
    }

    private void nextBatch() throws IOException {
        if (thread == null) {
            if (current == null) {
                current = new byte[batchBytes];
            }
            end = readBatch(current);
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
                byte[] buffer = free.take();
                read.add(new Batch(buffer, readBatch(buffer)));
            }
        } catch (IOException e) {
            read.add(e);
        } catch (InterruptedException e) {
            read.add(new IOException("the data link's reading thread was stopped", e));
        }
    }

    /** Reads one batch into {@code buffer}; returns its length. */
    private int readBatch(byte[] buffer) throws IOException {
        readFully(lengthWord, 4);
        int n = ByteBuffer.wrap(lengthWord).getInt();
        if (n <= 0 || n > batchBytes) {
            throw new IOException("a data link batch of " + n + " bytes");
        }
        readFully(buffer, n);
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
