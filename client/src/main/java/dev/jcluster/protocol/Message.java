package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A control message with a fixed schema. Messages that carry a user value keep it as opaque
 * bytes after the schema fields; they own that buffer and release it with {@link #release()}.
 */
public sealed interface Message permits Hello, Welcome, Refused, Heartbeat, Drain, Pace, Submit, Dispatch, Result, Cancel,
        Output, Accepted, Taken, ClassRequest, ClassData, ClientGone, StatusRequest, Status, TaskListRequest, TaskList, TaskDetailRequest,
        TaskDetail, ResultRequest, FetchedResult, Shutdown, Note, DataRouteRequest, DataRoute, DataKey {

    MessageType type();

    /** Writes the schema fields (not the value). */
    void writeFields(ByteBuf out);

    /** The opaque user value that follows the fields, or null. */
    default ByteBuf value() {
        return null;
    }

    default void release() {
        ByteBuf value = value();
        if (value != null && value.refCnt() > 0) {
            value.release();
        }
    }
}
