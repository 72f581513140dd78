package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The answer to a {@link ClassRequest}: not found, or the content hash and the bytes (empty bytes
 * when the hash is the one the engine said it knows).
 */
public record ClassData(String resourceName, boolean found, byte[] hash, byte[] bytes) implements Message {
    public static ClassData notFound(String resourceName) {
        return new ClassData(resourceName, false, new byte[0], new byte[0]);
    }

    @Override
    public MessageType type() {
        return MessageType.CLASS_DATA;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, resourceName);
        out.writeBoolean(found);
        Wire.writeBytes(out, hash);
        Wire.writeBytes(out, bytes);
    }

    static ClassData read(ByteBuf in) {
        return new ClassData(Wire.readString(in), in.readBoolean(), Wire.readBytes(in), Wire.readBytes(in));
    }
}
