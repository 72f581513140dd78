package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Both ways; from an engine it carries its load so status and top need no extra round trip. */
public record Heartbeat(long tasksDone, int tasksRunning, long heapUsed, long heapMax, double cpuLoad, long rss)
        implements Message {
    public static final Heartbeat EMPTY = new Heartbeat(0, 0, 0, 0, 0, 0);

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeLong(tasksDone);
        out.writeInt(tasksRunning);
        out.writeLong(heapUsed);
        out.writeLong(heapMax);
        out.writeDouble(cpuLoad);
        out.writeLong(rss);
    }

    static Heartbeat read(ByteBuf in) {
        return new Heartbeat(in.readLong(), in.readInt(), in.readLong(), in.readLong(), in.readDouble(), in.readLong());
    }
}
