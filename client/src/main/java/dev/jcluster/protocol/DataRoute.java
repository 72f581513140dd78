package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Controller to client: engine {@code engineId} takes data links at {@code address}
 * ("host:port"), and has been given this client's link key; or, with an empty address, why not.
 */
public record DataRoute(int engineId, String address, String reason) implements Message {
    @Override
    public MessageType type() {
        return MessageType.DATA_ROUTE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(engineId);
        Wire.writeString(out, address);
        Wire.writeString(out, reason);
    }

    static DataRoute read(ByteBuf in) {
        return new DataRoute(in.readInt(), Wire.readString(in), Wire.readString(in));
    }
}
