package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Client to controller: keep this text under {@code key} (the cluster supervisor's scaling state,
 * say), in memory and in the task store, and show it in every {@link Status}; answered with a
 * Status. An empty text removes the note. The controller reads neither key nor text.
 */
public record Note(String key, String text) implements Message {
    /** Notes the controller keeps at most, and the longest text of one, in characters. */
    public static final int MAX_NOTES = 16;
    public static final int MAX_TEXT = 64 * 1024;

    @Override
    public MessageType type() {
        return MessageType.NOTE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Wire.writeString(out, key);
        Wire.writeString(out, text);
    }

    static Note read(ByteBuf in) {
        return new Note(Wire.readString(in), Wire.readString(in));
    }
}
