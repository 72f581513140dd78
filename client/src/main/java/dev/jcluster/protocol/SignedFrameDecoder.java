package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;

/**
 * Length frame, then signature: a frame is handed on only once its HMAC checks. Anything wrong
 * (too long, bad signature, unknown type) is logged with the peer and closes the connection;
 * its bytes are never decoded. Each side opens with a random nonce of its own, and the peer signs
 * every frame over that nonce and the frame's place in the connection: a frame replayed from
 * another connection, or twice in this one, fails its signature. Stateful (owns a Mac, counts
 * frames): one instance per channel.
 */
public final class SignedFrameDecoder extends ByteToMessageDecoder {

    /** Until a peer's hello is accepted, a frame may not be larger than this (a hello is tiny). */
    public static final int BEFORE_HELLO_MAX_BYTES = 64 * 1024;

    public static final int NONCE_BYTES = 16;
    /**
     * Fired down the pipeline as a spooled frame's bytes arrive: a peer sending a gigabyte is
     * alive though no frame completes for seconds (its heartbeats wait behind it).
     */
    public static final Object FRAME_PROGRESS = new Object() {
        @Override
        public String toString() {
            return "FRAME_PROGRESS";
        }
    };
    private FrameMac mac;
    private final RefusalLog refusals;
    /**
     * On a controller, until the first frame is checked: the engines' key, which that frame may be
     * signed with instead of the cluster key. Null once decided, and on engines and clients.
     */
    private ClusterKey engineKey;
    private FrameMac engineMac;
    private boolean engineKeyOnly;
    private final byte[] nonce = new byte[NONCE_BYTES];
    private final ByteBuffer sequenceBytes = ByteBuffer.allocate(Long.BYTES);
    private final byte[] expected = new byte[ClusterKey.MAC_BYTES];
    private boolean peerNonceRead;
    private boolean nonceSent;
    private long sequence;
    /** Bytes of the frame being read that the Mac (or, past a large frame's fields, the digest) has seen; -1 between frames. */
    private int macFed = -1;
    /** Of the frame being read, how many bytes go to the Mac: all, or a large frame's up to its value. */
    private int macPart;
    private boolean large;
    /** A large frame's value is hashed as it arrives; the Mac covers its digest. */
    private final MessageDigest valueSha = FrameMac.sha256();
    private final byte[] valueDigest = new byte[ClusterKey.MAC_BYTES];
    private final int maxFrameBytes;
    private int currentMax = BEFORE_HELLO_MAX_BYTES;
    private final LargeFrameBuffers largeFrames = new LargeFrameBuffers();
    /** On a controller: where large frames are written as they arrive when they do not fit {@link #heapBudget}; else null. */
    private final ValueSpool spool;
    private final HeapFrameBudget heapBudget;
    /** The large frame being read has its heap buffer, within the budget (a controller's). */
    private boolean largeInHeap;
    /** The large frame being written to the spool, if one is: its file and its signed length. */
    private ValueSpool.Spooled spooling;
    private int spoolingSigned;

    public SignedFrameDecoder(ClusterKey key, int maxFrameBytes) {
        this(key, null, maxFrameBytes, RefusalLog.standard(), null, null);
    }

    /**
     * A controller's: the peer signs with the cluster key (any role) or {@code engineKey} (engines
     * only); refused frames are counted and logged through the process's {@code refusals}; frames
     * of a megabyte or more that do not fit {@code heapBudget} are written to {@code spool} as they
     * arrive (null spool: all held in the heap).
     */
    public SignedFrameDecoder(ClusterKey key, ClusterKey engineKey, int maxFrameBytes, RefusalLog refusals,
                              ValueSpool spool, HeapFrameBudget heapBudget) {
        this.refusals = refusals;
        this.spool = spool;
        this.heapBudget = spool == null ? null : heapBudget;
        this.mac = key.newMac();
        this.engineKey = engineKey;
        this.engineMac = engineKey == null ? null : engineKey.newMac();
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(frameSizedCumulator);
        new SecureRandom().nextBytes(nonce);
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

    RefusalLog refusals() {
        return refusals;
    }

    /** Whether the peer signed with the engines' key, not the cluster key: it may be an engine, nothing else. */
    public boolean peerHoldsOnlyEngineKey() {
        return engineKeyOnly;
    }

    /** Lifts the limit to the configured maximum, once the peer is known to hold the key. */
    public void helloAccepted() {
        currentMax = maxFrameBytes;
    }

    private static final int LARGE_FRAME_BYTES = 1 << 20;
    /** Room after a large frame for the start of the next, read with its end (a read is at most 64 KiB). */
    private static final int NEXT_FRAME_ROOM = 64 * 1024;

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
        if (LargeFrameBuffers.isFrameBuffer(cumulation) && cumulation.readerIndex() > 0) {
            // its large frame is read: what came after it moves out, so that the frame's memory is free to reuse
            ByteBuf rest = alloc.buffer(cumulation.readableBytes());
            rest.writeBytes(cumulation);
            cumulation.release();
            cumulation = rest;
        }
        if (cumulation.readableBytes() < 4) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        long frame = 4 + cumulation.getUnsignedInt(cumulation.readerIndex());
        if (frame < LARGE_FRAME_BYTES || frame - 4 > currentMax || frame > Integer.MAX_VALUE || !inHeap(frame)) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        boolean sized = LargeFrameBuffers.isFrameBuffer(cumulation) && cumulation.readerIndex() == 0
                && cumulation.capacity() >= frame;
        if (!sized) {
            ByteBuf buffer = largeFrames.take((int) Math.min(Integer.MAX_VALUE - 8, frame + NEXT_FRAME_ROOM),
                    whenFreed(frame));
            buffer.writeBytes(cumulation);
            cumulation.release();
            cumulation = buffer;
        }
        cumulation.writeBytes(in, (int) Math.min(in.readableBytes(), frame - cumulation.readableBytes()));
        if (in.readableBytes() <= cumulation.writableBytes()) {
            // the next frame's first bytes, if they came with this one's last: the frame stays one heap
            // buffer, whose checked value a relay can find (LargeFrameBuffers.knownDigest)
            cumulation.writeBytes(in);
            in.release();
            return cumulation;
        }
        return COMPOSITE_CUMULATOR.cumulate(alloc, cumulation, in);
    };

    /** What a large frame's heap buffer does when freed: gives its bytes back to the budget, if there is one. */
    private Runnable whenFreed(long frameBytes) {
        return heapBudget == null ? null : () -> heapBudget.giveBack(frameBytes);
    }

    /**
     * Whether the large frame of {@code frameBytes} starting now is read into the heap: always without
     * a spool; with one, if it fits the heap budget (then taken until its buffer is freed). A
     * method: the cumulator, a field, cannot name the final fields.
     */
    private boolean inHeap(long frameBytes) {
        if (spool == null || largeInHeap) {
            return true;
        }
        if (spooling != null || !heapBudget.tryTake(frameBytes)) {
            return false;
        }
        largeInHeap = true;
        return true;
    }

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
        while (ctx.channel().isActive() && (spooling != null || in.readableBytes() >= 4)) {
            if (spooling != null) {
                Frame frame = continueSpooling(ctx, in);
                if (frame == null) {
                    return;
                }
                out.add(frame);
                continue;
            }
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
            if (length >= LARGE_FRAME_BYTES && !inHeap(4 + length)) {
                if (!startSpooling(ctx, in, (int) length)) {
                    return;
                }
                continue;
            }
            Frame frame = readFrame(ctx, in, (int) length);
            if (frame == null) {
                return;
            }
            out.add(frame);
            if (currentMax == BEFORE_HELLO_MAX_BYTES) {
                // the frame may be the hello or welcome that lifts the limit: it is handled before the next is judged
                return;
            }
        }
    }

    /**
     * Feeds the Mac (and a large frame's value digest) as the bytes arrive, so that a large frame's
     * check is done when its last byte is (the signature is a trailer): returns the frame once
     * complete and checked, else null.
     */
    private Frame readFrame(ChannelHandlerContext ctx, ByteBuf in, int length) {
        int start = in.readerIndex() + 4;
        int signed = length - ClusterKey.MAC_BYTES;
        int arrived = Math.min(signed, in.readableBytes() - 4);
        if (macFed < 0 && !startFrame(ctx, in, start, signed, arrived)) {
            return null;
        }
        if (arrived > macFed) {
            feed(in, start + macFed, arrived - macFed);
        }
        if (in.readableBytes() - 4 < length) {
            return null;
        }
        macFed = -1;
        byte[] actual = new byte[ClusterKey.MAC_BYTES];
        in.getBytes(start + signed, actual);
        if (!signatureChecks(ctx, in, actual)) {
            return null;
        }
        Frame frame = frameOf(ctx, in, in, start, signed);
        if (frame != null) {
            if (largeInHeap && heapBudget != null && !LargeFrameBuffers.isFrameBuffer(in)) {
                // it came whole in one read, so no frame buffer of ours holds it to give the budget back when freed
                heapBudget.giveBack(4L + length);
            }
            in.skipBytes(4 + length);
            largeInHeap = false;
        }
        return frame;
    }

    /**
     * Feeds {@code n} bytes of the frame being read, found at {@code index}, to the Mac as far as
     * its signed part goes, and past that (a large frame's value) to the value's digest.
     */
    private void feed(ByteBuf in, int index, int n) {
        int toMac = Math.max(0, Math.min(n, macPart - macFed));
        if (toMac > 0) {
            for (ByteBuffer part : in.nioBuffers(index, toMac)) {
                if (engineMac != null) {
                    engineMac.update(part.duplicate());
                }
                mac.update(part);
            }
        }
        if (n > toMac) {
            for (ByteBuffer part : in.nioBuffers(index + toMac, n - toMac)) {
                valueSha.update(part);
            }
        }
        macFed += n;
    }

    /** Ends the frame's Mac (and value digest) and compares it with {@code actual}; a mismatch closes the connection. */
    private boolean signatureChecks(ChannelHandlerContext ctx, ByteBuf in, byte[] actual) {
        if (large) {
            try {
                valueSha.digest(valueDigest, 0, valueDigest.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            mac.update(valueDigest);
            if (engineMac != null) {
                engineMac.update(valueDigest);
            }
        }
        mac.doFinal(expected, 0);
        if (engineMac != null) {
            decideKey(ctx, actual);
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            reject(ctx, in, "bad signature (is the peer using this cluster's key? a frame replayed from "
                    + "another connection, or out of its place in this one, fails too)");
            return false;
        }
        return true;
    }

    /**
     * The checked frame whose signed part (header onwards) is at {@code start} of {@code bytes}:
     * its body a retained slice; null (connection closed) for an unknown type.
     */
    private Frame frameOf(ChannelHandlerContext ctx, ByteBuf in, ByteBuf bytes, int start, int signed) {
        int code = bytes.getUnsignedByte(start) & ~SignedFrameEncoder.LARGE;
        MessageType type = MessageType.ofCode(code);
        if (type == null) {
            reject(ctx, in, "unknown message type " + code);
            return null;
        }
        long id = bytes.getLong(start + 1);
        long replyTo = bytes.getLong(start + 9);
        int bodyAt = start + Frame.HEADER_BYTES + (large ? SignedFrameEncoder.FIELDS_LENGTH_BYTES : 0);
        if (large && signed > macPart) {
            if (bytes instanceof MappedValue mapped) {
                mapped.checked(start + macPart, signed - macPart, valueDigest.clone());
            } else if (LargeFrameBuffers.isFrameBuffer(bytes)) {
                LargeFrameBuffers.checked(bytes, start + macPart, signed - macPart, valueDigest.clone());
            }
        }
        return new Frame(type, id, replyTo, bytes.retainedSlice(bodyAt, start + signed - bodyAt));
    }

    /**
     * Begins writing the large frame at the reader index to the spool, once its header is here:
     * false if it is not yet, or if the frame is refused (the connection closes).
     */
    private boolean startSpooling(ChannelHandlerContext ctx, ByteBuf in, int length) {
        int signed = length - ClusterKey.MAC_BYTES;
        int start = in.readerIndex() + 4;
        if (!startFrame(ctx, in, start, signed, Math.min(signed, in.readableBytes() - 4))) {
            return false;
        }
        try {
            spooling = spool.begin();
        } catch (IOException e) {
            macFed = -1;
            reject(ctx, in, "cannot spool a frame of " + length + " bytes in " + spool.dir() + ": " + e.getMessage());
            return false;
        }
        spoolingSigned = signed;
        in.skipBytes(4);
        return true;
    }

    /** Writes what has arrived of the spooled frame; returns the frame once complete and checked, else null. */
    private Frame continueSpooling(ChannelHandlerContext ctx, ByteBuf in) {
        int n = Math.min(spoolingSigned - macFed, in.readableBytes());
        if (n > 0) {
            feed(in, in.readerIndex(), n);
            try {
                spooling.write(in, in.readerIndex(), n);
            } catch (UncheckedIOException e) {
                reject(ctx, in, e.getMessage());
                return null;
            }
            in.skipBytes(n);
            ctx.fireUserEventTriggered(FRAME_PROGRESS);
        }
        if (macFed < spoolingSigned || in.readableBytes() < ClusterKey.MAC_BYTES) {
            return null;
        }
        macFed = -1;
        byte[] actual = new byte[ClusterKey.MAC_BYTES];
        in.readBytes(actual);
        if (!signatureChecks(ctx, in, actual)) {
            return null;
        }
        ValueSpool.Spooled done = spooling;
        spooling = null;
        MappedValue bytes;
        try {
            bytes = done.finish();
        } catch (IOException e) {
            reject(ctx, in, "cannot map a spooled frame: " + e.getMessage());
            return null;
        }
        try {
            return frameOf(ctx, in, bytes, 0, spoolingSigned);
        } finally {
            bytes.release();
        }
    }

    /**
     * The first frame on a controller's connection says which key the peer holds: if not the
     * cluster key but the engines', this connection goes on with that one, both ways.
     */
    private void decideKey(ChannelHandlerContext ctx, byte[] actual) {
        byte[] underEngineKey = engineMac.doFinal();
        if (!MessageDigest.isEqual(expected, actual) && MessageDigest.isEqual(underEngineKey, actual)) {
            mac = engineMac;
            System.arraycopy(underEngineKey, 0, expected, 0, expected.length);
            engineKeyOnly = true;
            SignedFrameEncoder signer = ctx.pipeline().get(SignedFrameEncoder.class);
            if (signer != null) {
                signer.useKey(engineKey);
            }
        }
        engineMac = null;
        engineKey = null;
    }

    /**
     * Starts the Mac of the frame at {@code start} once its header (and a large frame's field
     * length) is here; false if it is not yet, or if the frame is malformed (then the connection closes).
     */
    private boolean startFrame(ChannelHandlerContext ctx, ByteBuf in, int start, int signed, int arrived) {
        if (arrived < 1) {
            return false;
        }
        boolean isLarge = (in.getUnsignedByte(start) & SignedFrameEncoder.LARGE) != 0;
        int prefix = Frame.HEADER_BYTES + (isLarge ? SignedFrameEncoder.FIELDS_LENGTH_BYTES : 0);
        if (isLarge && signed < prefix) {
            reject(ctx, in, "large frame shorter than its header (" + signed + " bytes)");
            return false;
        }
        if (arrived < prefix) {
            return false;
        }
        if (isLarge) {
            int fieldsBytes = in.getInt(start + Frame.HEADER_BYTES);
            if (fieldsBytes < 0 || fieldsBytes > signed - prefix) {
                reject(ctx, in, "large frame whose fields (" + fieldsBytes + " bytes) overrun it (" + signed + ")");
                return false;
            }
            macPart = prefix + fieldsBytes;
        } else {
            macPart = signed;
        }
        large = isLarge;
        mac.update(nonce);
        mac.update(sequenceBytes.clear().putLong(0, sequence));
        if (engineMac != null) {
            engineMac.update(nonce);
            engineMac.update(sequenceBytes.clear().putLong(0, sequence));
        }
        sequence++;
        macFed = 0;
        return true;
    }

    private void abortSpooling() {
        if (spooling != null) {
            spooling.abort();
            spooling = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        abortSpooling();
    }

    /** A peer that leaves inside a frame: nothing of it is decoded, but it is said. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (spooling != null) {
            refusals.frame(ctx.channel().remoteAddress(), "the connection ended inside a large frame ("
                    + spooling.written() + " of its " + spoolingSigned + " bytes had come)");
            abortSpooling();
        } else if (in.isReadable()) {
            refusals.frame(ctx.channel().remoteAddress(), "the connection ended inside a frame ("
                    + in.readableBytes() + " bytes of it never completed)");
            in.skipBytes(in.readableBytes());
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String why) {
        abortSpooling();
        refusals.frame(ctx.channel().remoteAddress(), why + "; connection closed");
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
