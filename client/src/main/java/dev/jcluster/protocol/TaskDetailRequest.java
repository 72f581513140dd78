package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Everything the controller knows about one task. */
public record TaskDetailRequest(long taskId) implements Message {
    @Override
    public MessageType type() {
        return MessageType.TASK_DETAIL_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
    }

    static TaskDetailRequest read(ByteBuf in) {
        return new TaskDetailRequest(in.readLong());
    }
}
