package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;

/**
 * The work itself. {@code text} is the code (CODE), the variable name (PUSH/PULL) or the working
 * directory (SHELL); {@code value} the serialized task (JAVA) or pushed value (PUSH). With
 * {@code stream}, the engine sends what the task prints while it runs ({@link Output}).
 */
public record TaskSpec(WorkKind kind, String text, List<String> argv, Map<String, String> env, ByteBuf value,
                       boolean stream, Transfer transfer) {

    /** A spec whose value, if any, is in the frame. */
    public TaskSpec(WorkKind kind, String text, List<String> argv, Map<String, String> env, ByteBuf value,
                    boolean stream) {
        this(kind, text, argv, env, value, stream, Transfer.NONE);
    }

    public static TaskSpec java(ByteBuf serialized) {
        return new TaskSpec(WorkKind.JAVA, null, List.of(), Map.of(), serialized, false);
    }

    /** {@code value}: an int length, that many bytes of serialized function, then the serialized argument list. */
    public static TaskSpec apply(String functionHash, ByteBuf value) {
        return new TaskSpec(WorkKind.APPLY, functionHash, List.of(), Map.of(), value, false);
    }

    /** {@code arguments}: the serialized argument list of a function the receiver has by {@code functionHash}. */
    public static TaskSpec applyByHash(String functionHash, ByteBuf arguments) {
        return new TaskSpec(WorkKind.APPLY_REF, functionHash, List.of(), Map.of(), arguments, false);
    }

    /** An APPLY value's function part, the length and the bytes, as a retained slice; null for other kinds. */
    public ByteBuf functionPart() {
        if (kind != WorkKind.APPLY) {
            return null;
        }
        return value.retainedSlice(value.readerIndex(), Integer.BYTES + value.getInt(value.readerIndex()));
    }

    /** An APPLY spec as APPLY_REF: its arguments only, a retained slice. */
    public TaskSpec byHash() {
        int fn = Integer.BYTES + value.getInt(value.readerIndex());
        return new TaskSpec(WorkKind.APPLY_REF, text, argv, env,
                value.retainedSlice(value.readerIndex() + fn, value.readableBytes() - fn), stream);
    }

    /** An APPLY_REF spec made whole with its function part (as {@link #functionPart} gives it; its reference is taken). */
    public TaskSpec withFunction(ByteBuf functionPart) {
        return new TaskSpec(WorkKind.APPLY, text, argv, env,
                Unpooled.wrappedBuffer(functionPart, value.retainedDuplicate()), stream);
    }

    public static TaskSpec code(String code) {
        return new TaskSpec(WorkKind.CODE, code, List.of(), Map.of(), Unpooled.EMPTY_BUFFER, false);
    }

    public static TaskSpec shell(List<String> argv, String workingDirectory, Map<String, String> env) {
        return new TaskSpec(WorkKind.SHELL, workingDirectory, List.copyOf(argv), Map.copyOf(env), Unpooled.EMPTY_BUFFER, false);
    }

    public static TaskSpec push(String name, ByteBuf value) {
        return new TaskSpec(WorkKind.PUSH, name, List.of(), Map.of(), value, false);
    }

    public static TaskSpec pull(String name) {
        return new TaskSpec(WorkKind.PULL, name, List.of(), Map.of(), Unpooled.EMPTY_BUFFER, false);
    }

    public TaskSpec streaming() {
        return new TaskSpec(kind, text, argv, env, value, true, transfer);
    }

    /** The size of the value, wherever it travels. */
    public long valueBytes() {
        return transfer.isDirect() ? transfer.bytes() : value.readableBytes();
    }

    /** The same spec with its value sent straight to the engine under {@code direct}: no value in the frame. */
    public TaskSpec withTransfer(Transfer direct) {
        return new TaskSpec(kind, text, argv, env, Unpooled.EMPTY_BUFFER, stream, direct);
    }

    void writeFields(ByteBuf out) {
        out.writeByte(kind.ordinal());
        out.writeBoolean(stream);
        Wire.writeString(out, text);
        Wire.writeStrings(out, argv);
        Wire.writeMap(out, env);
        transfer.write(out);
    }

    /** Reads the fields; the value is whatever follows them, taken as a retained slice. */
    static TaskSpec read(ByteBuf in) {
        WorkKind kind = Wire.readEnum(in, WorkKind.values());
        boolean stream = in.readBoolean();
        String text = Wire.readString(in);
        List<String> argv = Wire.readStrings(in);
        Map<String, String> env = Wire.readMap(in);
        Transfer transfer = Transfer.read(in);
        return new TaskSpec(kind, text, argv, env, in.readRetainedSlice(in.readableBytes()), stream, transfer);
    }

    /** The same spec with another value (read back from the controller's store). */
    public TaskSpec withValue(ByteBuf newValue) {
        return new TaskSpec(kind, text, argv, env, newValue, stream, transfer);
    }

    /** The same spec with the value that came straight from the client, as if it had been in the frame. */
    public TaskSpec withArrived(ByteBuf arrived) {
        return new TaskSpec(kind, text, argv, env, arrived, stream, Transfer.NONE);
    }

    /** The same spec with a new reference to its value, for forwarding. */
    public TaskSpec retainedDuplicate() {
        return new TaskSpec(kind, text, argv, env, value.retainedDuplicate(), stream, transfer);
    }
}
