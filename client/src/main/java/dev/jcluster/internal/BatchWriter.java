package dev.jcluster.internal;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sealed records on their way out of a {@link DataLink}, a batch at a time ({@code [u32 length]
 * [records]}): the sending thread seals into one batch while a thread of its own writes the other,
 * so that sealing and the copy into the kernel overlap. Not thread-safe: the link's send lock guards it.
 */
final class BatchWriter implements AutoCloseable {
    private final OutputStream out;
    private final int batchBytes;
    private final ExecutorService writer;
    private byte[] filling;
    private byte[] other;
    private int end = 4;
    private Future<?> writing;

    BatchWriter(OutputStream out, int batchBytes, String threadName) {
        this.out = out;
        this.batchBytes = batchBytes;
        this.writer = Executors.newSingleThreadExecutor(new DefaultThreadFactory(threadName, true));
    }

    /**
     * Where a record of {@code sealedBytes} goes in {@link #batch()}, after its length word; the
     * batch being filled is handed over first if it has no room left.
     */
    int reserve(int sealedBytes) throws IOException {
        if (4 + 4 + sealedBytes > batchBytes) {
            throw new IOException("a record of " + sealedBytes + " bytes does not fit a batch");
        }
        if (filling == null) {
            filling = new byte[batchBytes];
            other = new byte[batchBytes];
        }
        if (end + 4 + sealedBytes > batchBytes) {
            handOver();
        }
        return end + 4;
    }

    byte[] batch() {
        return filling;
    }

    /** The record reserved last is {@code sealedBytes} long. */
    void recorded(int sealedBytes) {
        ByteBuffer.wrap(filling).putInt(end, sealedBytes);
        end += 4 + sealedBytes;
    }

    /** Hands the batch being filled to the writing thread, once the one before it is written. */
    void handOver() throws IOException {
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
    }
}
