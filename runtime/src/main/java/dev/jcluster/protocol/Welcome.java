package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** The controller's answer to a good hello: the engine's id and session, and the liveness settings. */
public record Welcome(int engineId, long session, String version, int heartbeatMillis, int missedBeats)
        implements Message {
    @Override
    public MessageType type() {
        return MessageType.WELCOME;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(engineId);
        out.writeLong(session);
        Wire.writeString(out, version);
        out.writeInt(heartbeatMillis);
        out.writeInt(missedBeats);
    }

    static Welcome read(ByteBuf in) {
        return new Welcome(in.readInt(), in.readLong(), Wire.readString(in), in.readInt(), in.readInt());
    }
}
