package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the controller: engines, queue depth and task counters; {@code untaken} results
 * wait for their clients to confirm them, {@code stored} records are in the task store (-1: no store).
 * Engines beat every {@code heartbeatMillis} and are lost after {@code missedBeats} silent periods;
 * {@code heartbeatStretched} when the period is longer than the profile's, for a large cluster.
 * {@code notes}: what clients asked the controller to keep ({@link Note}). {@code queuedWaitMillis}: how long the first task in the load-balanced queue has waited (0: none waits).
 */
public record Status(String clusterId, long controllerPid, long uptimeMillis, List<EngineInfo> engines,
                     int queued, long queuedWaitMillis, long submitted, long completed, long failed, int clients, long untaken,
                     long stored, int heartbeatMillis, int missedBeats, boolean heartbeatStretched,
                     Map<String, String> notes)
        implements Message {
    /** How long an engine may be silent before it is lost. */
    public long lostAfterMillis() {
        return (long) heartbeatMillis * missedBeats;
    }

    @Override
    public MessageType type() {
        return MessageType.STATUS;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, clusterId);
        out.writeLong(controllerPid);
        out.writeLong(uptimeMillis);
        out.writeInt(engines.size());
        for (EngineInfo e : engines) {
            e.write(out);
        }
        out.writeInt(queued);
        out.writeLong(queuedWaitMillis);
        out.writeLong(submitted);
        out.writeLong(completed);
        out.writeLong(failed);
        out.writeInt(clients);
        out.writeLong(untaken);
        out.writeLong(stored);
        out.writeInt(heartbeatMillis);
        out.writeInt(missedBeats);
        out.writeBoolean(heartbeatStretched);
        Wire.writeMap(out, notes);
    }

    static Status read(ByteBuf in) {
        String clusterId = Wire.readString(in);
        long pid = in.readLong();
        long uptime = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes()) {
            throw new CorruptedFrameException("bad engine count " + n);
        }
        List<EngineInfo> engines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            engines.add(EngineInfo.read(in));
        }
        return new Status(clusterId, pid, uptime, List.copyOf(engines), in.readInt(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readInt(), in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readBoolean(), Wire.readMap(in));
    }
}
