package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Lines a streaming task printed, engine to controller to client, while it runs. */
public record Output(long taskId, int engineId, boolean stderr, String text) implements Message {
    @Override
    public MessageType type() {
        return MessageType.OUTPUT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
        out.writeInt(engineId);
        out.writeBoolean(stderr);
        Wire.writeString(out, text);
    }

    static Output read(ByteBuf in) {
        return new Output(in.readLong(), in.readInt(), in.readBoolean(), Wire.readString(in));
    }
}
