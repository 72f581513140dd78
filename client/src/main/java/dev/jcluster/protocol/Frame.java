package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One signed unit on the wire: type, message id, the id it replies to (0 for none) and a body.
 * The body is a retained slice of the received bytes; whoever takes the frame releases it.
 *
 * <p>On the way out, {@code fieldsBytes} says where a message's fields end and its value starts
 * in the body (-1: not known), and {@code valueDigest} is the value's SHA-256 when it is already
 * known (a value received and checked, now relayed; else null): a large frame is signed over its
 * value's digest, so a relayed value is not hashed again (see {@link SignedFrameEncoder}).
 */
public record Frame(MessageType type, long id, long replyTo, ByteBuf body, int fieldsBytes, byte[] valueDigest)
        implements ReferenceCounted {
    /** Bytes before the body: type, id, reply-to. */
    public static final int HEADER_BYTES = 1 + 8 + 8;

    public Frame(MessageType type, long id, long replyTo, ByteBuf body) {
        this(type, id, replyTo, body, -1, null);
    }

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public Frame retain() {
        body.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        body.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }
}
