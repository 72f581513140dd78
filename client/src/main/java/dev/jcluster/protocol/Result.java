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
                     long finishedAt, long cpuNanos, int exitCode, String stdout, String stderr, String errorClass,
                     String errorMessage, String errorTrace, List<String> attempts, ByteBuf value, Transfer transfer)
        implements Message {

    /** A result whose value, if any, is in the frame. */
    public Result(long taskId, int engineId, String host, Outcome outcome, long submittedAt, long startedAt,
                  long finishedAt, long cpuNanos, int exitCode, String stdout, String stderr, String errorClass,
                  String errorMessage, String errorTrace, List<String> attempts, ByteBuf value) {
        this(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode, stdout, stderr,
                errorClass, errorMessage, errorTrace, attempts, value, Transfer.NONE);
    }

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
        out.writeLong(cpuNanos);
        out.writeInt(exitCode);
        Wire.writeString(out, stdout);
        Wire.writeString(out, stderr);
        Wire.writeString(out, errorClass);
        Wire.writeString(out, errorMessage);
        Wire.writeString(out, errorTrace);
        Wire.writeStrings(out, attempts);
        transfer.write(out);
    }

    static Result read(ByteBuf in) {
        long taskId = in.readLong();
        int engineId = in.readInt();
        String host = Wire.readString(in);
        Outcome outcome = Wire.readEnum(in, Outcome.values());
        long submittedAt = in.readLong();
        long startedAt = in.readLong();
        long finishedAt = in.readLong();
        long cpuNanos = in.readLong();
        int exitCode = in.readInt();
        String stdout = Wire.readString(in);
        String stderr = Wire.readString(in);
        String errorClass = Wire.readString(in);
        String errorMessage = Wire.readString(in);
        String errorTrace = Wire.readString(in);
        List<String> attempts = Wire.readStrings(in);
        Transfer transfer = Transfer.read(in);
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode,
                stdout, stderr, errorClass, errorMessage, errorTrace, attempts, in.readRetainedSlice(in.readableBytes()),
                transfer);
    }

    /** The error class of a task whose engine was lost while it ran. */
    public static final String ENGINE_LOST = "dev.jcluster.EngineLostException";
    /** The error class of a task for an engine that is not there or takes no more work. */
    public static final String NO_SUCH_ENGINE = "dev.jcluster.NoSuchEngineException";
    /** The error class of a task whose value, or result, is larger than a process on its way takes. */
    public static final String VALUE_TOO_LARGE = "dev.jcluster.ValueTooLargeException";
    /** The error class of a task naming a function by hash that its engine does not have (the controller sends it again whole). */
    public static final String FUNCTION_MISSING = "dev.jcluster.FunctionMissingException";
    /** The error class of a task naming a function by hash that the controller does not have (the client sends it again whole). */
    public static final String FUNCTION_UNKNOWN = "dev.jcluster.FunctionUnknownException";
    /** The error class of a task whose prerequisite failed or cannot be found. */
    public static final String DEPENDENCY_ERROR = "dev.jcluster.DependencyException";
    private static final String CANCELLATION = "java.util.concurrent.CancellationException";
    private static final String TIMEOUT_ERROR = "java.util.concurrent.TimeoutException";

    /** It ran and returned {@code value} (for shell work, {@code exitCode} and its output). */
    public static Result ok(long taskId, int engineId, String host, long startedAt, long finishedAt, int exitCode,
                            String stdout, String stderr, ByteBuf value) {
        return new Result(taskId, engineId, host, Outcome.OK, 0, startedAt, finishedAt, -1, exitCode, stdout, stderr,
                null, null, null, List.of(), value);
    }

    /** It ran and threw (or, for shell work, exited non-zero). */
    public static Result failed(long taskId, int engineId, String host, long startedAt, long finishedAt, int exitCode,
                                String stdout, String stderr, String errorClass, String message, String trace) {
        return new Result(taskId, engineId, host, Outcome.ERROR, 0, startedAt, finishedAt, -1, exitCode, stdout, stderr,
                errorClass, message, trace, List.of(), Unpooled.EMPTY_BUFFER);
    }

    /** It was stopped while it ran: {@code how} is {@link Outcome#TIMEOUT} or {@link Outcome#CANCELLED}. */
    public static Result aborted(long taskId, int engineId, String host, Outcome how, long timeoutMillis,
                                 long startedAt, long finishedAt, String stdout, String stderr) {
        if (how != Outcome.TIMEOUT && how != Outcome.CANCELLED) {
            throw new IllegalArgumentException("not an abort: " + how);
        }
        boolean timedOut = how == Outcome.TIMEOUT;
        return new Result(taskId, engineId, host, how, 0, startedAt, finishedAt, -1, -1, stdout, stderr,
                timedOut ? TIMEOUT_ERROR : CANCELLATION,
                timedOut ? "timed out after " + timeoutMillis + " ms" : "cancelled while running", "", List.of(),
                Unpooled.EMPTY_BUFFER);
    }

    /** The same result with {@code note} after its error message (what else stopping the task did). */
    public Result withNote(String note) {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode,
                stdout, stderr, errorClass, errorMessage == null ? note : errorMessage + "; " + note, errorTrace,
                attempts, value, transfer);
    }

    /** It was cancelled before it started; {@code engineId} -1 when it never left the controller. */
    public static Result cancelledBeforeStart(long taskId, int engineId, String host, long submittedAt) {
        return notRun(taskId, engineId, host, Outcome.CANCELLED, submittedAt, CANCELLATION,
                "cancelled before it started");
    }

    /** Its engine was lost while it ran, and it may not run again. */
    public static Result engineLost(long taskId, int engineId, String host, long submittedAt, String message) {
        return notRun(taskId, engineId, host, Outcome.ENGINE_LOST, submittedAt, ENGINE_LOST, message);
    }

    /** It named an engine that is not there, or that takes no more tasks. */
    public static Result noSuchEngine(long taskId, int engineId, String host, long submittedAt, String message) {
        return notRun(taskId, engineId, host, Outcome.ERROR, submittedAt, NO_SUCH_ENGINE, message);
    }

    /** Its value is larger than a process on its way takes; the message names size, limit and process. */
    public static Result valueTooLarge(long taskId, int engineId, String host, long submittedAt, String message) {
        return notRun(taskId, engineId, host, Outcome.ERROR, submittedAt, VALUE_TOO_LARGE, message);
    }

    /** It named a function by hash that the process on its way does not have: {@code errorClass} says which. */
    public static Result functionNotHere(long taskId, int engineId, String host, long submittedAt, String errorClass,
                                         String message) {
        return notRun(taskId, engineId, host, Outcome.ERROR, submittedAt, errorClass, message);
    }

    /** Its record in the controller's store was damaged, so a restored controller could not run it. */
    public static Result damagedInStore(long taskId, long submittedAt, String message) {
        return notRun(taskId, -1, "", Outcome.ERROR, submittedAt, "dev.jcluster.StoreDamagedException", message);
    }

    /** It waited for other tasks (after, follow), and one of them failed or cannot be found. */
    public static Result dependencyError(long taskId, long submittedAt, String message) {
        return notRun(taskId, -1, "", Outcome.ERROR, submittedAt, DEPENDENCY_ERROR, message);
    }

    /** A result the controller or engine makes for a task that did not run to an end of its own. */
    private static Result notRun(long taskId, int engineId, String host, Outcome outcome, long submittedAt,
                                 String errorClass, String message) {
        return new Result(taskId, engineId, host, outcome, submittedAt, 0, System.currentTimeMillis(), -1, -1, "", "",
                errorClass, message, "", List.of(), Unpooled.EMPTY_BUFFER);
    }

    /** As {@link #bare()}, its error message cut to {@code kept} characters. */
    public Result bare(int kept) {
        Result bare = bare();
        if (errorMessage == null || errorMessage.length() <= kept) {
            return bare;
        }
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode, "",
                "", errorClass, errorMessage.substring(0, kept) + " [cut at " + kept + " characters]", "", List.of(),
                Unpooled.EMPTY_BUFFER);
    }

    /** The same record without its value, output or trace (what the controller's history keeps apart). */
    public Result bare() {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode, "",
                "", errorClass, errorMessage, "", List.of(), Unpooled.EMPTY_BUFFER);
    }

    /** The same result with its value sent straight to the client under {@code direct}: no value in the frame. */
    public Result withTransfer(Transfer direct) {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode,
                stdout, stderr, errorClass, errorMessage, errorTrace, attempts, Unpooled.EMPTY_BUFFER, direct);
    }

    /** The same result with another value (read back from the controller's store). */
    public Result withValue(ByteBuf newValue) {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, cpuNanos, exitCode,
                stdout, stderr, errorClass, errorMessage, errorTrace, attempts, newValue, transfer);
    }

    /** The same result under another task id and with more history; the value is shared. */
    public Result forward(long newTaskId, long submitted, List<String> history) {
        return new Result(newTaskId, engineId, host, outcome, submitted, startedAt, finishedAt, cpuNanos, exitCode,
                stdout, stderr, errorClass, errorMessage, errorTrace, history, value, transfer);
    }

    /** The same result with the CPU time its task's thread used (-1: not measured). */
    public Result withCpuNanos(long nanos) {
        return new Result(taskId, engineId, host, outcome, submittedAt, startedAt, finishedAt, nanos, exitCode, stdout,
                stderr, errorClass, errorMessage, errorTrace, attempts, value, transfer);
    }
}
