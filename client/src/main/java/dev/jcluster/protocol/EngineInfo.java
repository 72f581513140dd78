package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One engine as the controller sees it; {@code currentTask}
 * the id of the task it runs (0 when idle); {@code cpuLoad} its process's share of the machine (0..1, -1 unknown).
 */
public record EngineInfo(int id, String uuid, String host, long pid, EngineState state, long tasksDone, long tasksFailed,
                         int tasksRunning, long heartbeatAgeMillis, long heapUsed, long heapMax, double cpuLoad,
                         long rss, long currentTask) {
    void write(ByteBuf out) {
        out.writeInt(id);
        Wire.writeString(out, uuid);
        Wire.writeString(out, host);
        out.writeLong(pid);
        out.writeByte(state.ordinal());
        out.writeLong(tasksDone);
        out.writeLong(tasksFailed);
        out.writeInt(tasksRunning);
        out.writeLong(heartbeatAgeMillis);
        out.writeLong(heapUsed);
        out.writeLong(heapMax);
        out.writeDouble(cpuLoad);
        out.writeLong(rss);
        out.writeLong(currentTask);
    }

    static EngineInfo read(ByteBuf in) {
        return new EngineInfo(in.readInt(), Wire.readString(in), Wire.readString(in), in.readLong(),
                Wire.readEnum(in, EngineState.values()), in.readLong(), in.readLong(), in.readInt(), in.readLong(), in.readLong(),
                in.readLong(), in.readDouble(), in.readLong(), in.readLong());
    }
}
