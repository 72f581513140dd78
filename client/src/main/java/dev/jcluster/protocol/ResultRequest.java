package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Client to controller: a finished task's result, by the controller's task id, for any client to read. */
public record ResultRequest(long taskId) implements Message {
    @Override
    public MessageType type() {
        return MessageType.RESULT_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
    }

    static ResultRequest read(ByteBuf in) {
        return new ResultRequest(in.readLong());
    }
}
