package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Abort a task: dropped if still queued, interrupted if running. */
public record Cancel(long taskId) implements Message {
    @Override
    public MessageType type() {
        return MessageType.CANCEL;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
    }

    static Cancel read(ByteBuf in) {
        return new Cancel(in.readLong());
    }
}
