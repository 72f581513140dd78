package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One signed unit on the wire: type, message id, the id it replies to (0 for none) and a body.
 * The body is a retained slice of the received bytes; whoever takes the frame releases it.
 */
public record Frame(MessageType type, long id, long replyTo, ByteBuf body) implements ReferenceCounted {
    /** Bytes before the body: type, id, reply-to. */
    public static final int HEADER_BYTES = 1 + 8 + 8;

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
