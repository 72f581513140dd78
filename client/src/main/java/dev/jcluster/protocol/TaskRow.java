package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A task in the controller's table or history, one line's worth. {@code outcome} is set once it ended
 * (null before; both it and {@code state} are null in the row of a task not found); times are epoch milliseconds
 * (0 when not reached); {@code cpuNanos} is the CPU time its engine thread used (-1: not measured, or
 * a shell command); {@code label} says what it is (code, command or class).
 */
public record TaskRow(long id, String kind, String label, TaskState state, Outcome outcome, int engineId, String host,
                      long submittedAt, long startedAt, long finishedAt, long cpuNanos, int attempts, String errorClass,
                      String errorMessage) {
    void write(ByteBuf out) {
        out.writeLong(id);
        Wire.writeString(out, kind);
        Wire.writeString(out, label);
        Wire.writeOptionalEnum(out, state);
        Wire.writeOptionalEnum(out, outcome);
        out.writeInt(engineId);
        Wire.writeString(out, host);
        out.writeLong(submittedAt);
        out.writeLong(startedAt);
        out.writeLong(finishedAt);
        out.writeLong(cpuNanos);
        out.writeInt(attempts);
        Wire.writeString(out, errorClass);
        Wire.writeString(out, errorMessage);
    }

    static TaskRow read(ByteBuf in) {
        return new TaskRow(in.readLong(), Wire.readString(in), Wire.readString(in),
                Wire.readOptionalEnum(in, TaskState.values()), Wire.readOptionalEnum(in, Outcome.values()), in.readInt(),
                Wire.readString(in), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(),
                Wire.readString(in),
                Wire.readString(in));
    }
}
