package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a frame as three buffers (length and header, the body as is, the signature) so that a
 * large body goes to the socket without being copied; a body of a megabyte or more is signed
 * chunk by chunk as it goes out (the signature is a trailer), so the receiver checks it while the
 * sender is still signing, and the socket never holds more than a chunk of it as a copy. The
 * signature covers the receiver's nonce for this connection and the frame's sequence number in
 * it, so a captured frame is worth nothing on another connection or twice on the same one. Frames
 * wait until the peer's nonce has arrived (one round trip at connect). Stateful (owns a Mac,
 * counts frames): one per channel.
 */
public final class SignedFrameEncoder extends ChannelOutboundHandlerAdapter {
    /** Bodies from this size on are streamed in chunks (see {@link SignedStream}). */
    static final int STREAM_BODY_BYTES = 1 << 20;
    private final ClusterKey key;
    private final FrameMac mac;
    private final ByteBuffer sequenceBytes = ByteBuffer.allocate(Long.BYTES);
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private byte[] peerNonce;
    private long sequence;
    private boolean flushWaiting;

    private record Waiting(Frame frame, ChannelPromise promise) {
    }

    public SignedFrameEncoder(ClusterKey key) {
        this.key = key;
        this.mac = key.newMac();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Frame frame)) {
            ctx.write(msg, promise);
        } else if (peerNonce == null) {
            waiting.add(new Waiting(frame, promise));
        } else {
            encode(ctx, frame, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (peerNonce == null) {
            flushWaiting = true;
        } else {
            ctx.flush();
        }
    }

    /** The peer's nonce for this connection arrived (the decoder read it): frames held for it go out now. */
    void peerNonce(byte[] nonce) {
        peerNonce = nonce.clone();
        Waiting w;
        while ((w = waiting.poll()) != null) {
            encode(ctx, w.frame(), w.promise());
        }
        if (flushWaiting) {
            ctx.flush();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        Waiting w;
        while ((w = waiting.poll()) != null) {
            w.frame().body().release();
            w.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        handlerRemoved(ctx);
        ctx.close(promise);
    }

    private void encode(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
        ByteBuf body = frame.body();
        ByteBuf header = ctx.alloc().buffer(4 + Frame.HEADER_BYTES);
        header.writeInt(Frame.HEADER_BYTES + body.readableBytes() + ClusterKey.MAC_BYTES);
        header.writeByte(frame.type().code());
        header.writeLong(frame.id());
        header.writeLong(frame.replyTo());
        if (body.readableBytes() >= STREAM_BODY_BYTES) {
            // its own Mac: frames written after this one are signed before this one's last chunk is
            FrameMac own = key.newMac();
            own.update(peerNonce);
            own.update(sequenceBytes.clear().putLong(0, sequence++));
            own.update(header.nioBuffer(4, Frame.HEADER_BYTES));
            ctx.write(header, ctx.voidPromise());
            ctx.write(new SignedStream(own, body), promise);
            return;
        }
        mac.update(peerNonce);
        mac.update(sequenceBytes.clear().putLong(0, sequence++));
        mac.update(header.nioBuffer(4, Frame.HEADER_BYTES));
        if (body.isReadable()) {
            for (ByteBuffer part : body.nioBuffers()) {
                mac.update(part);
            }
        }
        ctx.write(header, ctx.voidPromise());
        ctx.write(body, ctx.voidPromise());
        ctx.write(ctx.alloc().buffer(ClusterKey.MAC_BYTES).writeBytes(mac.doFinal()), promise);
    }
}
