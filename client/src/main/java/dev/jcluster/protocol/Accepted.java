package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Controller to client: every task this client submitted, up to and including {@code upToTaskId},
 * is recorded (in the controller's store, when it has one) and will not be lost; the client may
 * forget what it kept to send them again. Cumulative, since one connection keeps submissions in order.
 */
public record Accepted(long upToTaskId) implements Message {
    @Override
    public MessageType type() {
        return MessageType.ACCEPTED;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(upToTaskId);
    }

    static Accepted read(ByteBuf in) {
        return new Accepted(in.readLong());
    }
}
