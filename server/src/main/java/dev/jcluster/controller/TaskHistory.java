package dev.jcluster.controller;

import dev.jcluster.protocol.FetchedResult;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.protocol.WorkKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last finished tasks, for `jcluster tasks` and `jcluster task ID`: bounded in count, and
 * each task's output cut to a few KiB (its client got all of it), so that a controller that runs
 * for months does not grow. Used only on the controller's thread.
 */
final class TaskHistory {
    static final int OUTPUT_KEPT = 16 * 1024;
    /** Code, each argument and an error message are kept up to this many characters, and 256 arguments. */
    static final int FIELD_KEPT = 4 * 1024;
    private static final int ARGS_KEPT = 256;

    private final int limit;
    /** Bytes of result values kept for clients that fetch a task's result by id. */
    private final long valueBudget;
    private final Map<Long, Finished> finished = new LinkedHashMap<>();
    /** Values of the newest finished tasks, oldest first, within {@link #valueBudget}. */
    private final Map<Long, ByteBuf> values = new LinkedHashMap<>();
    private long valueBytes;
    /** Controller ids by client and the client's own task id, for prerequisites that finished earlier. */
    private final Map<ClientTask, Long> byClientTask = new HashMap<>();

    private record ClientTask(String clientUuid, long clientTaskId) {
    }

    /** How a finished task ended: its result without value or output, and what kind of work it was. */
    record Ending(Result result, WorkKind kind) {
    }

    /**
     * What is kept of a finished task: its parts as they were, made into rows and details only when
     * someone asks, since most never are and a busy controller finishes tens of thousands a second.
     */
    private record Finished(long id, ClientTask byClient, WorkKind kind, String text, List<String> argv,
                            List<String> earlierAttempts, Result result, String stdout, String stderr, String trace) {
    }

    TaskHistory(int limit, long valueBudget) {
        this.limit = limit;
        this.valueBudget = valueBudget;
    }

    int limit() {
        return limit;
    }

    void add(TaskRecord task, Result result) {
        if (limit == 0) {
            return;
        }
        // the result's value is not kept, and its output is kept cut
        ClientTask byClient = new ClientTask(task.client.uuid, task.clientTaskId);
        // a task's own fields can be megabytes (code, a command line, an exception's message): kept cut too
        List<String> argv = task.spec().argv();
        List<String> argvKept = argv.isEmpty() ? argv : argv.stream().limit(ARGS_KEPT).map(a -> cut(a, FIELD_KEPT))
                .toList();
        finished.put(task.id, new Finished(task.id, byClient, task.spec().kind(), cut(task.spec().text(), FIELD_KEPT),
                argvKept, task.attempts().isEmpty() ? List.of() : List.copyOf(task.attempts()),
                result.bare(FIELD_KEPT), cut(result.stdout()), cut(result.stderr()), cut(result.errorTrace())));
        byClientTask.put(byClient, task.id);
        keepValue(task.id, result.value());
        Iterator<Finished> oldest = finished.values().iterator();
        while (finished.size() > limit && oldest.hasNext()) {
            Finished gone = oldest.next();
            byClientTask.remove(gone.byClient());
            dropValue(gone.id());
            oldest.remove();
        }
    }

    private void keepValue(long id, ByteBuf value) {
        int n = value.readableBytes();
        if (n == 0 || n > valueBudget) {
            return;
        }
        values.put(id, value.retainedDuplicate());
        valueBytes += n;
        Iterator<Map.Entry<Long, ByteBuf>> oldest = values.entrySet().iterator();
        while (valueBytes > valueBudget && oldest.hasNext()) {
            ByteBuf v = oldest.next().getValue();
            valueBytes -= v.readableBytes();
            v.release();
            oldest.remove();
        }
    }

    /** The controller stopped: the values kept for fetching are let go of, so their buffers do not leak. */
    void close() {
        values.values().forEach(ByteBuf::release);
        values.clear();
        valueBytes = 0;
    }

    private void dropValue(long id) {
        ByteBuf v = values.remove(id);
        if (v != null) {
            valueBytes -= v.readableBytes();
            v.release();
        }
    }

    /**
     * A finished task's whole result for any client that asks by id: its output as kept, and its
     * value while the value budget holds it (else none and {@code valueKept} false); null when unknown.
     */
    FetchedResult fetch(long id) {
        Finished f = finished.get(id);
        if (f == null) {
            return null;
        }
        Result r = f.result();
        ByteBuf value = values.get(id);
        boolean kept = value != null || r.outcome() != Outcome.OK;
        Result whole = new Result(r.taskId(), r.engineId(), r.host(), r.outcome(), r.submittedAt(), r.startedAt(),
                r.finishedAt(), r.cpuNanos(), r.exitCode(), f.stdout(), f.stderr(), r.errorClass(), r.errorMessage(),
                f.trace(), f.earlierAttempts(), value == null ? Unpooled.EMPTY_BUFFER : value.retainedDuplicate());
        String note = kept ? "" : "task " + id + " finished, but its value is no longer kept: the controller keeps the"
                + " values of its newest tasks up to " + valueBudget + " bytes (controller.history-values)";
        return new FetchedResult(true, TaskState.ended(r.outcome()), kept, note, whole);
    }


    /** How the client's task {@code clientTaskId} ended, or null when history does not hold it. */
    Ending endingOf(String clientUuid, long clientTaskId) {
        Long id = byClientTask.get(new ClientTask(clientUuid, clientTaskId));
        Finished f = id == null ? null : finished.get(id);
        return f == null ? null : new Ending(f.result(), f.kind());
    }

    TaskDetail get(long id) {
        Finished f = finished.get(id);
        return f == null ? null : detail(f);
    }

    /** Newest first. */
    List<TaskDetail> newestFirst() {
        List<TaskDetail> out = new ArrayList<>(finished.size());
        for (Finished f : finished.values()) {
            out.add(detail(f));
        }
        Collections.reverse(out);
        return out;
    }

    private static TaskDetail detail(Finished f) {
        Result result = f.result();
        List<String> attempts = new ArrayList<>(f.earlierAttempts());
        // an engine loss already recorded its attempt; any other ending is the last attempt's
        if (result.outcome() != Outcome.ENGINE_LOST) {
            attempts.add("attempt " + (attempts.size() + 1) + ": " + (result.engineId() < 0 ? "not started"
                    : "engine " + result.engineId() + " on " + result.host()) + ": "
                    + result.outcome()
                    + (result.errorClass() == null || result.errorClass().isEmpty() ? "" : " (" + result.errorClass()
                    + ")"));
        }
        TaskRow row = new TaskRow(f.id(), f.kind().name().toLowerCase(), label(f.kind(), f.text(), f.argv()),
                TaskState.ended(result.outcome()), result.outcome(),
                result.engineId(), result.host(), result.submittedAt(), result.startedAt(), result.finishedAt(),
                result.cpuNanos(), attempts.size(), result.errorClass(), result.errorMessage());
        return new TaskDetail(true, row, List.copyOf(attempts), f.stdout(), f.stderr(), f.trace());
    }

    /** A row for a task still queued or running. */
    static TaskRow live(TaskRecord task, TaskState state, int engineId, String host) {
        return new TaskRow(task.id, task.spec().kind().name().toLowerCase(), label(task), state, null, engineId, host,
                task.submittedAt, task.dispatchedAt(), 0, -1, task.attempts().size(), "", "");
    }

    static String label(TaskRecord task) {
        return label(task.spec().kind(), task.spec().text(), task.spec().argv());
    }

    /** What a person recognises a task by: its code, its command, its function. */
    private static String label(WorkKind kind, String spec, List<String> argv) {
        String text = switch (kind) {
            case CODE -> spec;
            case SHELL -> String.join(" ", argv);
            case PUSH -> "push " + spec;
            case PULL -> "pull " + spec;
            case APPLY, APPLY_REF -> "function " + spec.substring(0, Math.min(12, spec.length()));
            case JAVA -> "java task";
        };
        text = text.replace('\n', ' ').strip();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String cut(String s, int kept) {
        return s == null || s.length() <= kept ? s : s.substring(0, kept) + " [cut at " + kept + " characters]";
    }

    private static String cut(String s) {
        if (s == null || s.length() <= OUTPUT_KEPT) {
            return s == null ? "" : s;
        }
        return s.substring(0, OUTPUT_KEPT) + "\n[jcluster: history keeps the first " + OUTPUT_KEPT + " characters]\n";
    }
}
