package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Controller to engine: the client {@code uuid} is gone for good (forgotten by the controller, past
 * the time it could have reconnected), so the engine drops what it keeps for it, its class loader
 * first. Without this, every short-lived client (each `jcluster exec`) left a loader on every engine.
 */
public record ClientGone(String uuid) implements Message {
    @Override
    public MessageType type() {
        return MessageType.CLIENT_GONE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, uuid);
    }

    static ClientGone read(ByteBuf in) {
        return new ClientGone(Wire.readString(in));
    }
}
