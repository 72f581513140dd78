package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * The answer to a {@link ResultRequest}: a finished task's result ({@code state} DONE or FAILED)
 * with its value when the controller still keeps it ({@code valueKept}), or, for a task not finished
 * or not {@code found}, only a {@code note} saying why there is none.
 */
public record FetchedResult(boolean found, TaskState state, boolean valueKept, String note, Result result)
        implements Message {

    /** No result: the task is not finished ({@code state}), or not known ({@code found} false). */
    public static FetchedResult none(long taskId, boolean found, TaskState state, String note) {
        return new FetchedResult(found, state, false, note, new Result(taskId, -1, "", Outcome.ERROR, 0, 0, 0, -1, -1,
                "", "", null, null, null, List.of(), Unpooled.EMPTY_BUFFER));
    }

    @Override
    public MessageType type() {
        return MessageType.FETCHED_RESULT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeBoolean(found);
        out.writeByte(state.ordinal());
        out.writeBoolean(valueKept);
        Wire.writeString(out, note);
        result.writeFields(out);  // last: the value follows the result's fields
    }

    @Override
    public ByteBuf value() {
        return result.value();
    }

    static FetchedResult read(ByteBuf in) {
        boolean found = in.readBoolean();
        TaskState state = Wire.readEnum(in, TaskState.values());
        boolean kept = in.readBoolean();
        String note = Wire.readString(in);
        return new FetchedResult(found, state, kept, note, Result.read(in));
    }
}
