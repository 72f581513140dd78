package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/** Both ways; from an engine it carries its load so status and top need no extra round trip. */
public record Heartbeat(long tasksDone, int tasksRunning, long heapUsed, long heapMax, double cpuLoad, long rss)
        implements Message {
    public static final Heartbeat EMPTY = new Heartbeat(0, 0, 0, 0, 0, 0);

    /**
     * The controller beats once every this many periods, and an engine allows it this many times
     * the silence the controller allows an engine. A hung engine must be noticed within seconds
     * (its tasks wait); a hung controller can be noticed more slowly, and with thousands of engines
     * every beat the controller does not write is CPU it keeps.
     */
    public static final int CONTROLLER_PERIODS = 2;

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
