package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Engine to controller to client: the bytes of a class (or resource) the engine lacks.
 * {@code knownHash} is the SHA-256 of a version of it the engine already holds (empty for none),
 * so that the client can answer "same" instead of sending the bytes again.
 */
public record ClassRequest(String clientUuid, String resourceName, byte[] knownHash) implements Message {
    @Override
    public MessageType type() {
        return MessageType.CLASS_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, clientUuid);
        Wire.writeString(out, resourceName);
        Wire.writeBytes(out, knownHash);
    }

    static ClassRequest read(ByteBuf in) {
        return new ClassRequest(Wire.readString(in), Wire.readString(in), Wire.readBytes(in));
    }
}
