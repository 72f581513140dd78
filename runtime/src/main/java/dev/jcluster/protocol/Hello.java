package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** First frame of every connection. {@code engineId} is -1 when the engine has no id yet. */
public record Hello(Role role, String version, String javaVersion, String uuid, int engineId, String host, long pid)
        implements Message {
    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeByte(role.ordinal());
        Wire.writeString(out, version);
        Wire.writeString(out, javaVersion);
        Wire.writeString(out, uuid);
        out.writeInt(engineId);
        Wire.writeString(out, host);
        out.writeLong(pid);
    }

    static Hello read(ByteBuf in) {
        return new Hello(Wire.readEnum(in, Role.values()), Wire.readString(in), Wire.readString(in),
                Wire.readString(in), in.readInt(), Wire.readString(in), in.readLong());
    }
}
