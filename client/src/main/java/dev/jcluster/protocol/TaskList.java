package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;

/** The answer to a {@link TaskListRequest}; {@code historyLimit} is how many finished tasks the controller keeps. */
public record TaskList(List<TaskRow> tasks, int historyLimit) implements Message {
    @Override
    public MessageType type() {
        return MessageType.TASK_LIST;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(tasks.size());
        for (TaskRow t : tasks) {
            t.write(out);
        }
        out.writeInt(historyLimit);
    }

    static TaskList read(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes()) {
            throw new CorruptedFrameException("bad task count " + n);
        }
        List<TaskRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(TaskRow.read(in));
        }
        return new TaskList(List.copyOf(rows), in.readInt());
    }
}
