package dev.jcluster.controller;

import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.Result;

/**
 * The largest values on a task's way: this controller's ({@code controller.max-value}, else what
 * one frame holds: the controller writes large frames to its spool, so its heap sets no limit) and
 * each engine's, as its hello stated. A task over
 * one of them fails once, with a message naming size, limit and process, rather than break a
 * connection and be sent again.
 */
final class SizeLimits {
    /** Room in a frame for the message's fields beside its value. */
    private static final int FIELDS_ROOM = 64 * 1024;
    private final long controller;
    private final String why;

    SizeLimits(long configured, int maxFrameBytes) {
        long frame = maxFrameBytes - FIELDS_ROOM;
        this.controller = configured > 0 ? Math.min(configured, frame) : frame;
        this.why = configured > 0 && configured <= frame ? "controller.max-value" : "the largest frame";
    }

    /** What the welcome tells clients and engines. */
    long controller() {
        return controller;
    }

    /** The failure of a task whose value this controller does not relay, or null when it does. */
    Result refusedHere(TaskRecord task) {
        if (ValueLimits.within(task.valueBytes, controller)) {
            return null;
        }
        return Result.valueTooLarge(task.id, -1, "", task.submittedAt, "the value of task " + task.clientTaskId
                + " is " + ValueLimits.bytes(task.valueBytes) + ", over this controller's limit of "
                + ValueLimits.bytes(controller) + " (" + why + ")");
    }

    /** The failure of a task whose value {@code engine} cannot take, or null when it can. */
    Result refusedBy(EngineSession engine, TaskRecord task) {
        long limit = engine.hello.maxValueBytes();
        if (ValueLimits.within(task.allValueBytes, limit)) {
            return null;
        }
        return Result.valueTooLarge(task.id, engine.id, engine.hello.host(), task.submittedAt, "the value of task "
                + task.clientTaskId + " is " + ValueLimits.bytes(task.allValueBytes) + ", over " + engine.describe()
                + "'s limit of " + ValueLimits.bytes(limit) + " (a third of its heap: engines.jvm-options -Xmx)");
    }
}
