package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Controller to engine: "beat every {@code heartbeatMillis} from now on". Sent when the cluster grows
 * or shrinks past what the controller's heartbeat budget allows at the current period; the
 * engine also expects the controller's own beats at the new pace.
 */
public record Pace(int heartbeatMillis) implements Message {
    public Pace {
        if (heartbeatMillis <= 0) {
            throw new IllegalArgumentException("heartbeat period " + heartbeatMillis + " ms");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.PACE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(heartbeatMillis);
    }

    static Pace read(ByteBuf in) {
        return new Pace(in.readInt());
    }
}
