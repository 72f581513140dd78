package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A large frame's value and then its signature, handed to the socket a chunk at a time as it can
 * take them (Netty's ChunkedWriteHandler asks). Each chunk is hashed just before it goes, unless
 * the value's SHA-256 is known already (a relayed value); the signature, last, is the HMAC of the
 * frame's header and fields (fed to the Mac before) and of that digest. Hashing and sending
 * overlap, and a heap value is copied to direct memory a chunk at a time rather than whole (a
 * 100 MB copy per frame, its pages faulted in afresh each time).
 */
final class SignedStream implements ChunkedInput<ByteBuf> {
    static final int CHUNK_BYTES = 256 * 1024;
    /**
     * After this much, the stream lets its event loop go round once: a socket that keeps up would
     * otherwise keep the loop writing one value for seconds, its other channels, timers and the
     * reads behind its peer's heartbeats all waiting.
     */
    static final int YIELD_BYTES = 4 << 20;
    private final FrameMac mac;
    private final ByteBuf value;
    private final byte[] knownDigest;
    private final MessageDigest sha;
    private final int length;
    private int sent;
    private int sentSinceYield;
    private boolean signatureSent;
    private boolean closed;
    /** Resumes the transfer from a later task of the event loop; null: never yields (tests). */
    private final Runnable resumeLater;

    /**
     * {@code mac} has seen the frame's nonce, sequence number, header and fields; the stream owns
     * {@code value}. {@code knownDigest}: the value's SHA-256, or null to compute it on the way.
     */
    SignedStream(FrameMac mac, ByteBuf value, byte[] knownDigest, Runnable resumeLater) {
        this.resumeLater = resumeLater;
        this.mac = mac;
        this.value = value;
        this.knownDigest = knownDigest;
        this.sha = knownDigest == null ? FrameMac.sha256() : null;
        this.length = value.readableBytes();
    }

    @Override
    public boolean isEndOfInput() {
        return signatureSent;
    }

    @Override
    public void close() {
        // once: chunks still on their way hold references of their own to the value
        if (!closed) {
            closed = true;
            value.release();
        }
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) {
        if (signatureSent) {
            return null;
        }
        if (sent == length) {
            signatureSent = true;
            mac.update(knownDigest != null ? knownDigest : sha.digest());
            return alloc.buffer(ClusterKey.MAC_BYTES).writeBytes(mac.doFinal());
        }
        if (resumeLater != null && sentSinceYield >= YIELD_BYTES) {
            // null, not at the end: the handler waits for resumeTransfer, run after what else is due
            sentSinceYield = 0;
            resumeLater.run();
            return null;
        }
        int n = Math.min(CHUNK_BYTES, length - sent);
        sentSinceYield += n;
        ByteBuf chunk = value.retainedSlice(value.readerIndex() + sent, n);
        if (sha != null) {
            for (ByteBuffer part : chunk.nioBuffers()) {
                sha.update(part);
            }
        }
        sent += n;
        return chunk;
    }

    @Override
    public long length() {
        return (long) length + ClusterKey.MAC_BYTES;
    }

    @Override
    public long progress() {
        return sent + (signatureSent ? ClusterKey.MAC_BYTES : 0);
    }
}
