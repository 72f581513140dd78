package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Client to controller: run this. {@code target} is an engine id, or -1 for the load-balanced
 * queue; {@code retries} applies to load-balanced tasks only; {@code timeoutMillis} 0 means none.
 */
public record Submit(long taskId, int target, int retries, long timeoutMillis, TaskSpec spec) implements Message {
    public static final int ANY_ENGINE = -1;

    @Override
    public MessageType type() {
        return MessageType.SUBMIT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
        out.writeInt(target);
        out.writeInt(retries);
        out.writeLong(timeoutMillis);
        spec.writeFields(out);
    }

    @Override
    public ByteBuf value() {
        return spec.value();
    }

    static Submit read(ByteBuf in) {
        return new Submit(in.readLong(), in.readInt(), in.readInt(), in.readLong(), TaskSpec.read(in));
    }
}
