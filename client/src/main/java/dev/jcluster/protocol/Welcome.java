package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The controller's answer to a good hello: the engine's id and session, the liveness settings, and
 * the largest value the controller relays ({@code maxValueBytes}; 0: no limit).
 */
public record Welcome(int engineId, long session, String version, int heartbeatMillis, int missedBeats,
                      long maxValueBytes) implements Message {
    /** A welcome that states no limit on values. */
    public Welcome(int engineId, long session, String version, int heartbeatMillis, int missedBeats) {
        this(engineId, session, version, heartbeatMillis, missedBeats, 0);
    }

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
        out.writeLong(maxValueBytes);
    }

    static Welcome read(ByteBuf in) {
        return new Welcome(in.readInt(), in.readLong(), Wire.readString(in), in.readInt(), in.readInt(),
                in.readLong());
    }
}
