package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.nio.ByteBuffer;

/**
 * A large frame's body and then its signature, handed to the socket a chunk at a time as it can
 * take them (Netty's ChunkedWriteHandler asks), each chunk signed just before it goes. Signing
 * and sending overlap, and a heap body is copied to direct memory a chunk at a time rather than
 * whole (a 100 MB copy per frame, its pages faulted in afresh each time).
 */
final class SignedStream implements ChunkedInput<ByteBuf> {
    static final int CHUNK_BYTES = 256 * 1024;
    private final FrameMac mac;
    private final ByteBuf body;
    private final int length;
    private int sent;
    private boolean signatureSent;
    private boolean closed;

    /** {@code mac} has seen the frame's nonce, sequence number and header; the stream owns {@code body}. */
    SignedStream(FrameMac mac, ByteBuf body) {
        this.mac = mac;
        this.body = body;
        this.length = body.readableBytes();
    }

    @Override
    public boolean isEndOfInput() {
        return signatureSent;
    }

    @Override
    public void close() {
        // once: chunks still on their way hold references of their own to the body
        if (!closed) {
            closed = true;
            body.release();
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
            return alloc.buffer(ClusterKey.MAC_BYTES).writeBytes(mac.doFinal());
        }
        int n = Math.min(CHUNK_BYTES, length - sent);
        ByteBuf chunk = body.retainedSlice(body.readerIndex() + sent, n);
        for (ByteBuffer part : chunk.nioBuffers()) {
            mac.update(part);
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
