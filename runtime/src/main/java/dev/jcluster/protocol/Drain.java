package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine to controller: "I am leaving soon (my batch job's walltime ends), send me nothing more;
 * these tasks you sent me never started, give them to others." The engine finishes what runs.
 */
public record Drain(List<Long> returnedTaskIds, String reason) implements Message {
    public Drain {
        returnedTaskIds = List.copyOf(returnedTaskIds);
    }

    @Override
    public MessageType type() {
        return MessageType.DRAIN;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(returnedTaskIds.size());
        returnedTaskIds.forEach(out::writeLong);
        Wire.writeString(out, reason);
    }

    static Drain read(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes() / Long.BYTES) {
            throw new IllegalArgumentException("drain of " + n + " tasks in a frame of " + in.readableBytes() + " bytes");
        }
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readLong());
        }
        return new Drain(ids, Wire.readString(in));
    }
}
