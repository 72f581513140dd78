package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Controller to engine: run this task for that client (whose classes the engine may fetch). */
public record Dispatch(long taskId, String clientUuid, int attempt, long timeoutMillis, TaskSpec spec)
        implements Message {
    @Override
    public MessageType type() {
        return MessageType.TASK;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
        Wire.writeString(out, clientUuid);
        out.writeInt(attempt);
        out.writeLong(timeoutMillis);
        spec.writeFields(out);
    }

    @Override
    public ByteBuf value() {
        return spec.value();
    }

    static Dispatch read(ByteBuf in) {
        return new Dispatch(in.readLong(), Wire.readString(in), in.readInt(), in.readLong(), TaskSpec.read(in));
    }
}
