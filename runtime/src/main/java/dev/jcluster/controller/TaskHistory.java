package dev.jcluster.controller;

import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.WorkKind;
import java.util.ArrayList;
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

    private final int limit;
    private final Map<Long, TaskDetail> finished = new LinkedHashMap<>();

    TaskHistory(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    void add(TaskRecord task, Result result) {
        List<String> attempts = new ArrayList<>(task.attempts);
        // an engine loss already recorded its attempt; any other ending is the last attempt's
        if (result.outcome() != Outcome.ENGINE_LOST) {
            attempts.add("attempt " + (attempts.size() + 1) + ": " + (result.engineId() < 0 ? "not started"
                    : "engine " + result.engineId() + " on " + result.host()) + ": "
                    + result.outcome().name().toLowerCase()
                    + (result.errorClass() == null || result.errorClass().isEmpty() ? "" : " (" + result.errorClass()
                    + ")"));
        }
        TaskRow row = new TaskRow(task.id, task.spec.kind().name().toLowerCase(), label(task),
                result.outcome().succeeded() ? "done" : "failed", result.outcome().name().toLowerCase(),
                result.engineId(), result.host(), task.submittedAt, result.startedAt(), result.finishedAt(),
                attempts.size(), result.errorClass(), result.errorMessage());
        finished.put(task.id, new TaskDetail(true, row, List.copyOf(attempts), cut(result.stdout()),
                cut(result.stderr()), cut(result.errorTrace())));
        Iterator<Long> oldest = finished.keySet().iterator();
        while (finished.size() > limit && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    TaskDetail get(long id) {
        return finished.get(id);
    }

    /** Newest first. */
    List<TaskDetail> newestFirst() {
        List<TaskDetail> out = new ArrayList<>(finished.values());
        java.util.Collections.reverse(out);
        return out;
    }

    /** A row for a task still queued or running. */
    static TaskRow live(TaskRecord task, String state, int engineId, String host) {
        return new TaskRow(task.id, task.spec.kind().name().toLowerCase(), label(task), state, "", engineId, host,
                task.submittedAt, task.dispatchedAt, 0, task.attempts.size(), "", "");
    }

    /** What a person recognises a task by: its code, its command, its function. */
    static String label(TaskRecord task) {
        WorkKind kind = task.spec.kind();
        String text = switch (kind) {
            case CODE -> task.spec.text();
            case SHELL -> String.join(" ", task.spec.argv());
            case PUSH -> "push " + task.spec.text();
            case PULL -> "pull " + task.spec.text();
            case APPLY -> "function " + task.spec.text().substring(0, Math.min(12, task.spec.text().length()));
            case JAVA -> "java task";
        };
        text = text.replace('\n', ' ').strip();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String cut(String s) {
        if (s == null || s.length() <= OUTPUT_KEPT) {
            return s == null ? "" : s;
        }
        return s.substring(0, OUTPUT_KEPT) + "\n[jcluster: history keeps the first " + OUTPUT_KEPT + " characters]\n";
    }
}
