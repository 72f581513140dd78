package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.security.MessageDigest;
import java.util.List;
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
public final class SignedFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(SignedFrameDecoder.class);

    /** Until a peer's hello is accepted, a frame may not be larger than this (a hello is tiny). */
    public static final int BEFORE_HELLO_MAX_BYTES = 64 * 1024;

    public static final int NONCE_BYTES = 16;
    private final FrameMac mac;
    private final byte[] nonce = new byte[NONCE_BYTES];
    private final java.nio.ByteBuffer sequenceBytes = java.nio.ByteBuffer.allocate(Long.BYTES);
    private final byte[] expected = new byte[ClusterKey.MAC_BYTES];
    private boolean peerNonceRead;
    private boolean nonceSent;
    private long sequence;
    /** Bytes of the frame being read that the Mac has seen; -1 between frames. */
    private int macFed = -1;
    private final int maxFrameBytes;
    private int currentMax = BEFORE_HELLO_MAX_BYTES;
    private final LargeFrameBuffers largeFrames = new LargeFrameBuffers();

    public SignedFrameDecoder(ClusterKey key, int maxFrameBytes) {
        this.mac = key.newMac();
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(frameSizedCumulator);
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
            ctx.writeAndFlush(Unpooled.wrappedBuffer(nonce.clone()), ctx.voidPromise());
        }
    }

    /** Lifts the limit to the configured maximum, once the peer is known to hold the key. */
    public void helloAccepted() {
        currentMax = maxFrameBytes;
    }

    private static final int LARGE_FRAME_BYTES = 1 << 20;

    /**
     * Small frames are merged into one buffer (fast to parse). A large frame gets one heap buffer
     * of its size as soon as its length is known (the last one's, if it is free: see
     * {@link LargeFrameBuffers}), and what arrives is copied into it: growing
     * a buffer to 100 MB copies it many times, and holding it as read-sized chunks of pooled direct
     * memory makes the pool grow and shrink by the frame's size, its pages faulted in afresh each time.
     * Only a length within the current limit gets its buffer: before a hello, 4 bytes claiming a
     * gigabyte must not make us allocate one (decode refuses them).
     */
    private final Cumulator frameSizedCumulator = (alloc, cumulation, in) -> {
        if (cumulation.readableBytes() < 4) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        long frame = 4 + cumulation.getUnsignedInt(cumulation.readerIndex());
        if (frame < LARGE_FRAME_BYTES || frame - 4 > currentMax || frame > Integer.MAX_VALUE) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        boolean sized = LargeFrameBuffers.isFrameBuffer(cumulation) && cumulation.readerIndex() == 0
                && cumulation.capacity() >= frame;
        if (!sized) {
            ByteBuf buffer = largeFrames.take((int) frame);
            buffer.writeBytes(cumulation);
            cumulation.release();
            cumulation = buffer;
        }
        cumulation.writeBytes(in, (int) Math.min(in.readableBytes(), frame - cumulation.readableBytes()));
        if (!in.isReadable()) {
            in.release();
            return cumulation;
        }
        // the next frame's first bytes came with this one's last: added alongside, the frame is not copied
        return COMPOSITE_CUMULATOR.cumulate(alloc, cumulation, in);
    };

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!peerNonceRead) {
            if (in.readableBytes() < NONCE_BYTES) {
                return;
            }
            byte[] peer = new byte[NONCE_BYTES];
            in.readBytes(peer);
            peerNonceRead = true;
            SignedFrameEncoder signer = ctx.pipeline().get(SignedFrameEncoder.class);
            if (signer != null) {
                signer.peerNonce(peer);
            }
        }
        while (ctx.channel().isActive() && in.readableBytes() >= 4) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > currentMax) {
                // unknown peers get no room to make us wait for (or buffer) a gigabyte
                reject(ctx, in, "frame of " + length + " bytes over the limit of " + currentMax
                        + (currentMax == BEFORE_HELLO_MAX_BYTES ? " before a hello" : ""));
                return;
            }
            if (length < Frame.HEADER_BYTES + ClusterKey.MAC_BYTES) {
                reject(ctx, in, "frame shorter than its header (" + length + " bytes)");
                return;
            }
            Frame frame = readFrame(ctx, in, (int) length);
            if (frame == null) {
                return;
            }
            out.add(frame);
        }
    }

    /**
     * Feeds the Mac as the bytes arrive, so that a large frame's check is done when its last byte
     * is (the signature is a trailer): returns the frame once complete and checked, else null.
     */
    private Frame readFrame(ChannelHandlerContext ctx, ByteBuf in, int length) {
        int start = in.readerIndex() + 4;
        int signed = length - ClusterKey.MAC_BYTES;
        if (macFed < 0) {
            mac.update(nonce);
            mac.update(sequenceBytes.clear().putLong(0, sequence++));
            macFed = 0;
        }
        int arrived = Math.min(signed, in.readableBytes() - 4);
        if (arrived > macFed) {
            for (java.nio.ByteBuffer part : in.nioBuffers(start + macFed, arrived - macFed)) {
                mac.update(part);
            }
            macFed = arrived;
        }
        if (in.readableBytes() - 4 < length) {
            return null;
        }
        macFed = -1;
        mac.doFinal(expected, 0);
        byte[] actual = new byte[ClusterKey.MAC_BYTES];
        in.getBytes(start + signed, actual);
        if (!MessageDigest.isEqual(expected, actual)) {
            reject(ctx, in, "bad signature (is the peer using this cluster's key? a frame replayed from "
                    + "another connection, or out of its place in this one, fails too)");
            return null;
        }
        MessageType type = MessageType.ofCode(in.getUnsignedByte(start));
        if (type == null) {
            reject(ctx, in, "unknown message type " + in.getUnsignedByte(start));
            return null;
        }
        long id = in.getLong(start + 1);
        long replyTo = in.getLong(start + 9);
        ByteBuf body = in.retainedSlice(start + Frame.HEADER_BYTES, signed - Frame.HEADER_BYTES);
        in.skipBytes(4 + length);
        return new Frame(type, id, replyTo, body);
    }

    /** A peer that leaves inside a frame: nothing of it is decoded, but it is said. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
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
