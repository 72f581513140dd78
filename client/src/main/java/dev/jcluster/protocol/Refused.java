package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Sent before closing a connection whose hello was not accepted; the reason is meant for a person. */
public record Refused(String reason) implements Message {
    @Override
    public MessageType type() {
        return MessageType.REFUSED;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, reason);
    }

    static Refused read(ByteBuf in) {
        return new Refused(Wire.readString(in));
    }
}
