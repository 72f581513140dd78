package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Client to controller: these results (client task ids) arrived; the controller may forget them.
 * Until then it keeps each result and sends it again when the client reconnects.
 */
public record Taken(List<Long> taskIds) implements Message {
    public static final int MAX_IDS = 1 << 20;

    @Override
    public MessageType type() {
        return MessageType.TAKEN;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(taskIds.size());
        for (long id : taskIds) {
            out.writeLong(id);
        }
    }

    static Taken read(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > MAX_IDS || (long) n * Long.BYTES > in.readableBytes()) {
            throw new IllegalArgumentException("bad id count " + n);
        }
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readLong());
        }
        return new Taken(ids);
    }
}
