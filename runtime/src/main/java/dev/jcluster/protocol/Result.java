package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * How a task ended, engine to controller to client. Times are epoch milliseconds (0 when not
 * reached); {@code exitCode} is meaningful for shell work; the error fields are set unless OK;
 * {@code attempts} describes every earlier try ("engine 2 on host-a: engine lost").
 */
public record Result(long taskId, int engineId, String host, Outcome outcome, long submittedAt, long startedAt,
                     long finishedAt, int exitCode, String stdout, String stderr, String errorClass,
                     String errorMessage, String errorTrace, List<String> attempts, ByteBuf value) implements Message {

    @Override
    public MessageType type() {
        return MessageType.RESULT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(taskId);
        out.writeInt(engineId);
        Wire.writeString(out, host);
        out.writeByte(outcome.ordinal());
        out.writeLong(submittedAt);
        out.writeLong(startedAt);
        out.writeLong(finishedAt);
        out.writeInt(exitCode);
        Wire.writeString(out, stdout);
        Wire.writeString(out, stderr);
        Wire.writeString(out, errorClass);
        Wire.writeString(out, errorMessage);
        Wire.writeString(out, errorTrace);
        Wire.writeStrings(out, attempts);
    }

    static Result read(ByteBuf in) {
        return new Result(in.readLong(), in.readInt(), Wire.readString(in), Wire.readEnum(in, Outcome.values()),
                in.readLong(), in.readLong(), in.readLong(), in.readInt(), Wire.readString(in), Wire.readString(in),
                Wire.readString(in), Wire.readString(in), Wire.readString(in), Wire.readStrings(in),
                in.readRetainedSlice(in.readableBytes()));
    }

    /** A failure made by the controller itself (engine lost, cancelled before it ran). */
    public static Result failure(long taskId, int engineId, String host, Outcome outcome, long submittedAt,
                                 String errorClass, String message, List<String> attempts) {
        return new Result(taskId, engineId, host, outcome, submittedAt, 0, System.currentTimeMillis(), -1, "", "",
                errorClass, message, "", attempts, Unpooled.EMPTY_BUFFER);
    }

    /** The same result with another value (read back from the controller's store). */
    public Result withValue(ByteBuf newValue) {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, exitCode, stdout,
                stderr, errorClass, errorMessage, errorTrace, attempts, newValue);
    }

    /** The same result under another task id and with more history; the value is shared. */
    public Result forward(long newTaskId, long submitted, List<String> history) {
        return new Result(newTaskId, engineId, host, outcome, submitted, startedAt, finishedAt, exitCode, stdout,
                stderr, errorClass, errorMessage, errorTrace, history, value);
    }
}
