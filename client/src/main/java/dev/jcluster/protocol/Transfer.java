package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Where a task's value or a result's value travels when not in its frame: {@code bytes} bytes
 * sent straight between client and engine on a data link (`internal.DataLink`) under transfer {@code id}, the
 * controller carrying only this marker. {@link #NONE}: the value is in the frame.
 */
public record Transfer(long id, long bytes) {
    public static final Transfer NONE = new Transfer(0, 0);

    public boolean isDirect() {
        return id != 0;
    }

    void write(ByteBuf out) {
        out.writeLong(id);
        out.writeLong(bytes);
    }

    static Transfer read(ByteBuf in) {
        long id = in.readLong();
        long bytes = in.readLong();
        return id == 0 ? NONE : new Transfer(id, bytes);
    }
}
