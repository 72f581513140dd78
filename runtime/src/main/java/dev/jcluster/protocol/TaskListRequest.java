package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Which tasks to list, newest first: {@code state} "all", "failed", "running" or "queued";
 * {@code engineId} -1 for any engine; at most {@code limit}.
 */
public record TaskListRequest(String state, int engineId, int limit) implements Message {
    @Override
    public MessageType type() {
        return MessageType.TASK_LIST_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, state);
        out.writeInt(engineId);
        out.writeInt(limit);
    }

    static TaskListRequest read(ByteBuf in) {
        return new TaskListRequest(Wire.readString(in), in.readInt(), in.readInt());
    }
}
