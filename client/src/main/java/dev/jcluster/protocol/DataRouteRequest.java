package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Client to controller: how do I reach engine {@code engineId} directly? Answered by a {@link DataRoute}. */
public record DataRouteRequest(int engineId) implements Message {
    @Override
    public MessageType type() {
        return MessageType.DATA_ROUTE_REQUEST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(engineId);
    }

    static DataRouteRequest read(ByteBuf in) {
        return new DataRouteRequest(in.readInt());
    }
}
