package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Controller to engine: client {@code clientUuid} may open data links (`internal.DataLink`) to it under the key
 * {@code wrapped} holds, sealed under the engines' key (`internal.LinkKeys.wrap`), so that it can be
 * read only by a holder of that key even where the controller's connection has no TLS.
 */
public record DataKey(String clientUuid, byte[] wrapped) implements Message {
    public DataKey {
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.DATA_KEY;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, clientUuid);
        Wire.writeBytes(out, wrapped);
    }

    static DataKey read(ByteBuf in) {
        return new DataKey(Wire.readString(in), Wire.readBytes(in));
    }
}
