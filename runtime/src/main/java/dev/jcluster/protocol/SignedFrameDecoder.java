package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Length frame, then signature: a frame is handed on only once its HMAC checks. Anything wrong
 * (too long, bad signature, unknown type) is logged with the peer and closes the connection;
 * its bytes are never decoded. Each side opens with a random nonce of its own, and the peer signs
 * every frame over that nonce and the frame's place in the connection: a frame replayed from
 * another connection, or twice in this one, fails its signature. Stateful (owns a Mac, counts
 * frames): one instance per channel.
 */
public final class SignedFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger log = LoggerFactory.getLogger(SignedFrameDecoder.class);

    /** Until a peer's hello is accepted, a frame may not be larger than this (a hello is tiny). */
    public static final int BEFORE_HELLO_MAX_BYTES = 64 * 1024;

    public static final int NONCE_BYTES = 16;
    private final Mac mac;
    private final byte[] nonce = new byte[NONCE_BYTES];
    private final java.nio.ByteBuffer sequenceBytes = java.nio.ByteBuffer.allocate(Long.BYTES);
    private final byte[] expected = new byte[ClusterKey.MAC_BYTES];
    private boolean peerNonceRead;
    private boolean nonceSent;
    private long sequence;
    private final int maxFrameBytes;
    private int currentMax = BEFORE_HELLO_MAX_BYTES;

    public SignedFrameDecoder(ClusterKey key, int maxFrameBytes) {
        // length field: 4 bytes, counts the bytes after it; fail fast on the header of an oversized frame
        super(maxFrameBytes, 0, 4, 0, 4, true);
        this.mac = key.newMac();
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(ADAPTIVE_CUMULATOR);
        new java.security.SecureRandom().nextBytes(nonce);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            sendNonce(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendNonce(ctx);
        super.channelActive(ctx);
    }

    /** The nonce goes out raw, ahead of any frame: written below the signer, straight to the socket (or TLS). */
    private void sendNonce(ChannelHandlerContext ctx) {
        if (!nonceSent) {
            nonceSent = true;
            ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(nonce.clone()), ctx.voidPromise());
        }
    }

    /** Lifts the limit to the configured maximum, once the peer is known to hold the key. */
    public void helloAccepted() {
        currentMax = maxFrameBytes;
    }

    private static final int LARGE_FRAME_BYTES = 1 << 20;

    /**
     * Small frames are merged into one buffer (fast to parse); once a frame grows past 1 MiB its
     * chunks are kept as they were read, since growing one buffer to 100 MB copies it many times.
     */
    private static final Cumulator ADAPTIVE_CUMULATOR = (alloc, cumulation, in) ->
            cumulation.readableBytes() + in.readableBytes() > LARGE_FRAME_BYTES
                    ? COMPOSITE_CUMULATOR.cumulate(alloc, cumulation, in)
                    : MERGE_CUMULATOR.cumulate(alloc, cumulation, in);


    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (!peerNonceRead) {
            if (in.readableBytes() < NONCE_BYTES) {
                return null;
            }
            byte[] peer = new byte[NONCE_BYTES];
            in.readBytes(peer);
            peerNonceRead = true;
            SignedFrameEncoder signer = ctx.pipeline().get(SignedFrameEncoder.class);
            if (signer != null) {
                signer.peerNonce(peer);
            }
        }
        if (in.readableBytes() >= 4) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > currentMax) {
                // unknown peers get no room to make us wait for (or buffer) a gigabyte
                reject(ctx, in, "frame of " + length + " bytes over the limit of " + currentMax
                        + (currentMax == BEFORE_HELLO_MAX_BYTES ? " before a hello" : ""));
                return null;
            }
        }
        ByteBuf frame;
        try {
            frame = (ByteBuf) super.decode(ctx, in);
        } catch (TooLongFrameException e) {
            reject(ctx, in, "frame too long: " + e.getMessage());
            return null;
        }
        if (frame == null) {
            return null;
        }
        try {
            return verify(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private Frame verify(ChannelHandlerContext ctx, ByteBuf frame) {
        int signed = frame.readableBytes() - ClusterKey.MAC_BYTES;
        if (signed < Frame.HEADER_BYTES) {
            reject(ctx, frame, "frame shorter than its header (" + frame.readableBytes() + " bytes)");
            return null;
        }
        int start = frame.readerIndex();
        mac.update(nonce);
        mac.update(sequenceBytes.clear().putLong(0, sequence++));
        for (java.nio.ByteBuffer part : frame.nioBuffers(start, signed)) {
            mac.update(part);
        }
        try {
            mac.doFinal(expected, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        byte[] actual = new byte[ClusterKey.MAC_BYTES];
        frame.getBytes(start + signed, actual);
        if (!MessageDigest.isEqual(expected, actual)) {
            reject(ctx, frame, "bad signature (is the peer using this cluster's key? a frame replayed from "
                    + "another connection, or out of its place in this one, fails too)");
            return null;
        }
        MessageType type = MessageType.ofCode(frame.getUnsignedByte(start));
        if (type == null) {
            reject(ctx, frame, "unknown message type " + frame.getUnsignedByte(start));
            return null;
        }
        long id = frame.getLong(start + 1);
        long replyTo = frame.getLong(start + 9);
        ByteBuf body = frame.retainedSlice(start + Frame.HEADER_BYTES, signed - Frame.HEADER_BYTES);
        return new Frame(type, id, replyTo, body);
    }

    /** A peer that leaves inside a frame: nothing of it is decoded, but it is said. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            log.warn("connection from {} ended inside a frame ({} bytes of it never completed)",
                    ctx.channel().remoteAddress(), in.readableBytes());
            in.skipBytes(in.readableBytes());
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String why) {
        log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), why);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
