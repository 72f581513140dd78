package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a frame of a few kilobytes as one buffer and a larger one as three (length and header,
 * the body as is, the signature), so that a large body goes to the socket without being copied.
 * The signature covers the receiver's nonce for this connection and the frame's sequence number in it, so a captured frame is worth nothing
 * on another connection or twice on the same one. Frames wait until the peer's nonce has arrived
 * (one round trip at connect). Stateful (owns a Mac, counts frames): one per channel.
 *
 * <p>A body of a megabyte or more goes as a <em>large frame</em> ({@link #LARGE} set in its type
 * byte): after the header, the length of the message's fields, the fields, then the value, and
 * the signature is the HMAC of everything before the value and of the value's SHA-256. The value
 * is hashed chunk by chunk as it goes out (the signature is a trailer), so the receiver checks it
 * while the sender is still hashing, and the socket never holds more than a chunk of it as a copy.
 * A value that arrived in a large frame and is relayed (the controller, from client to engine and
 * back) is signed over the digest checked on arrival: hashing is most of what a relay costs the
 * controller, so it hashes each value once, not twice.
 */
public final class SignedFrameEncoder extends ChannelOutboundHandlerAdapter {
    /** Bodies from this size on are streamed in chunks (see {@link SignedStream}). */
    static final int STREAM_BODY_BYTES = 1 << 20;
    /** Bodies up to this size are copied into the frame's one buffer (see {@link #encodeSmall}). */
    static final int COPY_BODY_BYTES = 4096;
    /** In the type byte: a large frame, signed over its value's digest (the codes use the low 7 bits). */
    static final int LARGE = 0x80;
    /** A large frame's field-length word, between the header and the body. */
    static final int FIELDS_LENGTH_BYTES = 4;
    private ClusterKey key;
    private FrameMac mac;
    private final ByteBuffer sequenceBytes = ByteBuffer.allocate(Long.BYTES);
    private final byte[] macBytes = new byte[ClusterKey.MAC_BYTES];
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

    /** Signs from now on with {@code other}: the key the peer proved in its first frame (see {@link SignedFrameDecoder}). */
    void useKey(ClusterKey other) {
        key = other;
        mac = other.newMac();
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
            w.promise().tryFailure(new ClosedChannelException());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        handlerRemoved(ctx);
        ctx.close(promise);
    }

    private void encode(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
        ByteBuf body = frame.body();
        if (body.readableBytes() >= STREAM_BODY_BYTES) {
            encodeLarge(ctx, frame, promise);
            return;
        }
        if (body.readableBytes() <= COPY_BODY_BYTES) {
            encodeSmall(ctx, frame, promise);
            return;
        }
        ByteBuf header = ctx.alloc().buffer(4 + Frame.HEADER_BYTES);
        writeHeader(header, Frame.HEADER_BYTES + body.readableBytes(), frame.type().code(), frame);
        startSignature(mac);
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

    /**
     * One buffer: length, header, a copy of the body, signature. Three buffers per frame cost the
     * socket's outbound queue three entries to add, gather and release, which for a no-op task's
     * frames of a hundred bytes was more than copying them (a fifth of a client's I/O thread).
     */
    private void encodeSmall(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
        ByteBuf body = frame.body();
        int bodyBytes = body.readableBytes();
        ByteBuf out = ctx.alloc().buffer(4 + Frame.HEADER_BYTES + bodyBytes + ClusterKey.MAC_BYTES);
        try {
            writeHeader(out, Frame.HEADER_BYTES + bodyBytes, frame.type().code(), frame);
            out.writeBytes(body, body.readerIndex(), bodyBytes);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            body.release();
        }
        startSignature(mac);
        for (ByteBuffer part : out.nioBuffers(4, Frame.HEADER_BYTES + bodyBytes)) {
            mac.update(part);
        }
        mac.doFinal(macBytes, 0);
        out.writeBytes(macBytes);
        ctx.write(out, promise);
    }

    /** Header, field length and fields now (signed at once), then the value as a {@link SignedStream}. */
    private void encodeLarge(ChannelHandlerContext ctx, Frame frame, ChannelPromise promise) {
        ByteBuf body = frame.body();
        int length = body.readableBytes();
        int fieldsBytes = frame.fieldsBytes() < 0 ? 0 : frame.fieldsBytes();
        int prefix = 4 + Frame.HEADER_BYTES + FIELDS_LENGTH_BYTES;
        ByteBuf head = ctx.alloc().buffer(prefix + fieldsBytes);
        writeHeader(head, Frame.HEADER_BYTES + FIELDS_LENGTH_BYTES + length, frame.type().code() | LARGE, frame);
        head.writeInt(fieldsBytes);
        head.writeBytes(body, body.readerIndex(), fieldsBytes);
        // its own Mac: frames written after this one are signed before this one's last chunk is
        FrameMac own = key.newMac();
        startSignature(own);
        own.update(head.nioBuffer(4, head.readableBytes() - 4));
        ByteBuf value = body.retainedSlice(body.readerIndex() + fieldsBytes, length - fieldsBytes);
        body.release();
        ctx.write(head, ctx.voidPromise());
        ChunkedWriteHandler chunks = ctx.pipeline().get(ChunkedWriteHandler.class);
        Runnable resumeLater = chunks == null ? null : () -> ctx.executor().execute(chunks::resumeTransfer);
        ctx.write(new SignedStream(own, value, frame.valueDigest(), resumeLater), promise);
    }

    /** The frame's length word ({@code signedBytes} and the signature), type byte, id and reply-to. */
    private static void writeHeader(ByteBuf out, int signedBytes, int typeByte, Frame frame) {
        out.writeInt(signedBytes + ClusterKey.MAC_BYTES);
        out.writeByte(typeByte);
        out.writeLong(frame.id());
        out.writeLong(frame.replyTo());
    }

    /** Every signature begins with the receiver's nonce and the frame's place in the connection. */
    private void startSignature(FrameMac m) {
        m.update(peerNonce);
        m.update(sequenceBytes.clear().putLong(0, sequence++));
    }
}
