package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** One task in full; {@code found} false when the id is unknown or already dropped from the history. */
public record TaskDetail(boolean found, TaskRow row, List<String> attempts, String stdout, String stderr,
                         String errorTrace) implements Message {
    public static TaskDetail notFound(long id) {
        return new TaskDetail(false, new TaskRow(id, "", "", null, null, -1, "", 0, 0, 0, -1, 0, "", ""), List.of(), "", "", "");
    }

    @Override
    public MessageType type() {
        return MessageType.TASK_DETAIL;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeBoolean(found);
        row.write(out);
        Wire.writeStrings(out, attempts);
        Wire.writeString(out, stdout);
        Wire.writeString(out, stderr);
        Wire.writeString(out, errorTrace);
    }

    static TaskDetail read(ByteBuf in) {
        return new TaskDetail(in.readBoolean(), TaskRow.read(in), Wire.readStrings(in), Wire.readString(in),
                Wire.readString(in), Wire.readString(in));
    }
}
