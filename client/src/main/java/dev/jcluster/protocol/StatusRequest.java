package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Client to controller: send a {@link Status}. */
public record StatusRequest() implements Message {
    @Override
    public MessageType type() {
        return MessageType.STATUS_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
    }

    static StatusRequest read(ByteBuf in) {
        return new StatusRequest();
    }
}
