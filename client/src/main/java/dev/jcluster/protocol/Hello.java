package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * First frame of every connection. {@code engineId} is -1 when the engine has no id yet;
 * {@code maxValueBytes} is the largest value the peer takes (0: it states none). A client's
 * {@code secret}, random and set at its first hello, is what resumes its session: its uuid alone
 * (which travels with its tasks to engines) does not. An engine's {@code dataAddress} ("host:port",
 * or empty) is where it takes data links from clients.
 */
public record Hello(Role role, String version, String javaVersion, String uuid, int engineId, String host, long pid,
                    long maxValueBytes, String secret, String dataAddress) implements Message {
    /** A hello without a data address. */
    public Hello(Role role, String version, String javaVersion, String uuid, int engineId, String host, long pid,
                 long maxValueBytes, String secret) {
        this(role, version, javaVersion, uuid, engineId, host, pid, maxValueBytes, secret, "");
    }

    /** A hello that states no limit on values. */
    public Hello(Role role, String version, String javaVersion, String uuid, int engineId, String host, long pid) {
        this(role, version, javaVersion, uuid, engineId, host, pid, 0, "");
    }

    /** A hello without a session secret (engines). */
    public Hello(Role role, String version, String javaVersion, String uuid, int engineId, String host, long pid,
                 long maxValueBytes) {
        this(role, version, javaVersion, uuid, engineId, host, pid, maxValueBytes, "");
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeByte(role.ordinal());
        Wire.writeString(out, version);
        Wire.writeString(out, javaVersion);
        Wire.writeString(out, uuid);
        out.writeInt(engineId);
        Wire.writeString(out, host);
        out.writeLong(pid);
        out.writeLong(maxValueBytes);
        Wire.writeString(out, secret);
        Wire.writeString(out, dataAddress);
    }

    static Hello read(ByteBuf in) {
        return new Hello(Wire.readEnum(in, Role.values()), Wire.readString(in), Wire.readString(in),
                Wire.readString(in), in.readInt(), Wire.readString(in), in.readLong(), in.readLong(), Wire.readString(in),
                Wire.readString(in));
    }
}
