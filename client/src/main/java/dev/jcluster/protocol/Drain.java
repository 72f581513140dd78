package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine to controller: "I am leaving soon (my batch job's walltime ends), send me nothing more;
 * these tasks you sent me never started, give them to others." The engine finishes what runs.
 * With {@code restarting}, the engine is about to exit to stop a task that ignored its abort, and
 * comes back under the same id: tasks for it alone wait for it rather than fail.
 */
public record Drain(List<Long> returnedTaskIds, String reason, boolean restarting) implements Message {
    public Drain {
        returnedTaskIds = List.copyOf(returnedTaskIds);
    }

    public Drain(List<Long> returnedTaskIds, String reason) {
        this(returnedTaskIds, reason, false);
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
        out.writeBoolean(restarting);
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
        return new Drain(ids, Wire.readString(in), in.readBoolean());
    }
}
