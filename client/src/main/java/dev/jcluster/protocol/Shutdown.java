package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Client to controller: stop the whole cluster. Controller to engine: exit. {@code engineIds}
 * empty means all engines (client to controller); otherwise only those engines stop: at once, or
 * with {@code drainFirst} once they have given back what they hold and finished what runs.
 */
public record Shutdown(String reason, int[] engineIds, boolean drainFirst) implements Message {
    public Shutdown(String reason, int[] engineIds) {
        this(reason, engineIds, false);
    }

    @Override
    public MessageType type() {
        return MessageType.SHUTDOWN;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, reason);
        out.writeInt(engineIds.length);
        for (int id : engineIds) {
            out.writeInt(id);
        }
        out.writeBoolean(drainFirst);
    }

    static Shutdown read(ByteBuf in) {
        String reason = Wire.readString(in);
        int n = in.readInt();
        if (n < 0 || n * 4L > in.readableBytes()) {
            throw new CorruptedFrameException("bad engine count " + n);
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.readInt();
        }
        return new Shutdown(reason, ids, in.readBoolean());
    }
}
