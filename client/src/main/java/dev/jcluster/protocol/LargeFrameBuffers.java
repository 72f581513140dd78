package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Heap buffers for a connection's large incoming frames, the last one released kept for the next.
 * A new large array is zeroed and its pages are faulted in afresh, at every hop of a push or pull;
 * a stream of large values reuses the memory instead. The spare is held softly (the GC takes it back when memory runs
 * short) and only for frames at least half its size, so that a small frame kept long (a queued
 * task) does not pin a huge array. Thread-safe: a frame is released on whichever thread consumed it.
 */
final class LargeFrameBuffers {
    private final AtomicReference<SoftReference<byte[]>> spare = new AtomicReference<>();

    /** An empty buffer with room for at least {@code bytes} (the spare's, if it is at most twice that). */
    ByteBuf take(int bytes) {
        return take(bytes, null);
    }

    /** As above; {@code whenFreed} runs once the buffer is released. */
    ByteBuf take(int bytes, Runnable whenFreed) {
        SoftReference<byte[]> kept = spare.getAndSet(null);
        byte[] array = kept == null ? null : kept.get();
        if (array != null && array.length >= bytes && array.length / 2 <= bytes) {
            return new Returning(array, whenFreed);
        }
        if (array != null) {
            spare.compareAndSet(null, kept);  // too small or too large for this one: it may fit the next
        }
        return new Returning(new byte[bytes], whenFreed);
    }

    /** Whether {@code buffer} came from here (it is sized for its frame already). */
    static boolean isFrameBuffer(ByteBuf buffer) {
        return buffer instanceof Returning;
    }

    /** Notes that the bytes at {@code index} (of a buffer from here) are a value whose SHA-256 checked as {@code digest}. */
    static void checked(ByteBuf frameBuffer, int index, int length, byte[] digest) {
        Returning r = (Returning) frameBuffer;
        r.valueIndex = index;
        r.valueLength = length;
        r.valueDigest = digest;
    }

    /**
     * The SHA-256 of {@code value} if it is exactly a value that arrived in a buffer from here and
     * was checked, else null. Slices and duplicates of a heap buffer unwrap to it, and the bytes of
     * a received frame are never written to, so the digest checked on arrival still holds.
     */
    static byte[] knownDigest(ByteBuf value) {
        if (value.unwrap() instanceof MappedValue mapped) {
            return mapped.digestOf(value);
        }
        if (value.unwrap() instanceof Returning r && value.hasArray() && r.valueDigest != null
                && value.arrayOffset() + value.readerIndex() == r.valueIndex && value.readableBytes() == r.valueLength) {
            return r.valueDigest;
        }
        return null;
    }

    private final class Returning extends UnpooledHeapByteBuf {
        /** The checked value in this frame: where, how long, its SHA-256 (null: none). */
        private volatile byte[] valueDigest;
        private int valueIndex;
        private int valueLength;

        private final Runnable whenFreed;

        Returning(byte[] array, Runnable whenFreed) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
            this.whenFreed = whenFreed;
            clear();
        }

        @Override
        protected void freeArray(byte[] array) {
            if (whenFreed != null) {
                whenFreed.run();
            }
            SoftReference<byte[]> kept = spare.get();
            byte[] current = kept == null ? null : kept.get();
            if (current == null || current.length < array.length) {
                spare.set(new SoftReference<>(array));  // the larger of the two fits more frames
            }
        }
    }
}
