package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Which tasks to list, newest first: those in {@code state}, or all of them when it is null;
 * {@code engineId} -1 for any engine; at most {@code limit}.
 */
public record TaskListRequest(TaskState state, int engineId, int limit) implements Message {
    /** Whether a task in {@code s} is asked for. */
    public boolean wants(TaskState s) {
        return state == null || state == s;
    }

    @Override
    public MessageType type() {
        return MessageType.TASK_LIST_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeOptionalEnum(out, state);
        out.writeInt(engineId);
        out.writeInt(limit);
    }

    static TaskListRequest read(ByteBuf in) {
        return new TaskListRequest(Wire.readOptionalEnum(in, TaskState.values()), in.readInt(), in.readInt());
    }
}
