package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

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

    /** One byte for {@link #NONE}, which nearly every message carries; the id and size after it otherwise. */
    void write(ByteBuf out) {
        out.writeBoolean(isDirect());
        if (isDirect()) {
            out.writeLong(id);
            out.writeLong(bytes);
        }
    }

    static Transfer read(ByteBuf in) {
        if (!in.readBoolean()) {
            return NONE;
        }
        long id = in.readLong();
        long bytes = in.readLong();
        if (id == 0 || bytes < 0) {
            throw new CorruptedFrameException("a transfer of " + bytes + " bytes under id " + id);
        }
        return new Transfer(id, bytes);
    }
}
