package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's bytes as a buffer, mapped into memory rather than read into the heap: the controller
 * holds a value of any size this way, the page cache (backed by the file) holding its bytes.
 * Released, it is unmapped at once rather than when the collector gets to it. Carries the SHA-256
 * of its value part when that was checked on arrival, so a relay signs over it without hashing
 * again (see {@link LargeFrameBuffers#knownDigest}).
 */
public final class MappedValue extends UnpooledDirectByteBuf {
    private final MappedByteBuffer mapped;
    /** The checked value in this buffer: where, how long, its SHA-256 (null: none). */
    private volatile byte[] valueDigest;
    private int valueIndex;
    private int valueLength;

    private MappedValue(MappedByteBuffer mapped) {
        super(UnpooledByteBufAllocator.DEFAULT, mapped, mapped.capacity());
        this.mapped = mapped;
    }

    /**
     * Maps {@code file} whole; the file may be deleted once this returns (the mapping keeps its
     * bytes until released). Files are at most 2 GiB, as a buffer's index is an int.
     */
    public static MappedValue map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + " is " + size + " bytes, more than one buffer can hold");
            }
            // read-write only because Netty refuses to wrap a read-only buffer: nothing writes to it
            return new MappedValue(ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
        }
    }

    /** Notes that the bytes at {@code index} are a value whose SHA-256 checked as {@code digest}. */
    void checked(int index, int length, byte[] digest) {
        valueIndex = index;
        valueLength = length;
        valueDigest = digest;
    }

    /** The checked digest if {@code value} is exactly this buffer's checked value, else null. */
    byte[] digestOf(ByteBuf value) {
        byte[] digest = valueDigest;
        if (digest == null || value.readableBytes() != valueLength || !value.isDirect() || value.nioBufferCount() != 1) {
            return null;
        }
        // a slice's place in this buffer is not public; its memory address is
        if (!PlatformDependent.hasUnsafe()) {
            return null;
        }
        long at = PlatformDependent.directBufferAddress(value.nioBuffer());
        long base = PlatformDependent.directBufferAddress(mapped);
        return at - base == valueIndex ? digest : null;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        // unmapped now: the collector could take minutes to notice a gigabyte it cannot see
        PlatformDependent.freeDirectBuffer(mapped);
    }
}
