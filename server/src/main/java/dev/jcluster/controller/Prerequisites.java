package dev.jcluster.controller;

import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.WorkKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Load-balanced tasks that wait for others of their client (Submit#needs: ipyparallel's
 * {@code after} and {@code follow}). A waiting task is tracked by its client but is not in the
 * queue; when its last prerequisite finishes it goes to the queue (a follower kept to the engine
 * its leader ran on, and failed if that engine is gone), and when one fails it fails too, naming
 * it, unless it runs regardless. Prerequisites already finished are looked up in the task
 * history. Controller's thread only.
 */
final class Prerequisites {
    private final TaskHistory history;
    private final LoadBalancedQueue queue;
    private final Placement placement;
    /** Ends a task with a result (its dependents come back here through {@link #finished}). */
    private final BiConsumer<TaskRecord, Result> finisher;
    /** Waiting tasks by the client and client task id of what they wait for. */
    private final Map<Key, List<TaskRecord>> waiting = new HashMap<>();

    private record Key(String clientUuid, long clientTaskId) {
    }

    Prerequisites(TaskHistory history, LoadBalancedQueue queue, Placement placement,
                  BiConsumer<TaskRecord, Result> finisher) {
        this.history = history;
        this.queue = queue;
        this.placement = placement;
        this.finisher = finisher;
    }

    /**
     * A task with prerequisites arrives (or is restored: {@code restored}, when a prerequisite
     * missing from history finished before the controller's restart, and so succeeded, or this task
     * would have failed with it). It waits, or goes on at once.
     */
    void admit(TaskRecord task, boolean restored) {
        Set<Long> ids = new LinkedHashSet<>(task.needs.after());
        if (task.needs.follow() >= 0) {
            ids.add(task.needs.follow());
        }
        boolean waits = false;
        for (long id : ids) {
            if (task.client.task(id) != null || queue.spilled(task.client.uuid, id)) {
                waiting.computeIfAbsent(new Key(task.client.uuid, id), k -> new ArrayList<>(1)).add(task);
                task.awaitPrerequisite();
                waits = true;
                continue;
            }
            TaskHistory.Ending ending = history.endingOf(task.client.uuid, id);
            if (ending == null && !restored) {
                release(task, dependencyError(task, "task " + id + " is not known to the controller: it"
                        + " was never submitted by this client, or finished longer ago than its history keeps ("
                        + history.limit() + " tasks, controller.history)"));
                return;
            }
            Result failure = ending == null ? null : afterPrerequisite(task, id, ending.result(), ending.kind());
            if (failure == null && ending == null && id == task.needs.follow()) {
                failure = dependencyError(task, "it follows task " + id + ", whose engine the restarted controller"
                        + " no longer knows");
            }
            if (failure != null) {
                release(task, failure);
                return;
            }
        }
        if (!waits) {
            release(task, null);
        }
    }

    /** A task ended with {@code result}: the tasks that waited for it go on, or fail with it. */
    void finished(TaskRecord prerequisite, Result result) {
        if (waiting.isEmpty()) {
            return;  // every task ends here: most clusters never use dependencies
        }
        List<TaskRecord> dependents = waiting.remove(new Key(prerequisite.client.uuid, prerequisite.clientTaskId));
        if (dependents == null) {
            return;
        }
        for (TaskRecord task : dependents) {
            if (!task.queued()) {
                continue;  // cancelled, or already failed by another prerequisite
            }
            Result failure = afterPrerequisite(task, prerequisite.clientTaskId, result, prerequisite.spec().kind());
            if (failure != null || task.prerequisiteMet()) {
                release(task, failure);
            }
        }
    }

    /** To the queue ({@code failure} null; a follower only if its engine is still here), or to its end. */
    private void release(TaskRecord task, Result failure) {
        if (failure != null) {
            finisher.accept(task, failure);
        } else if (!placement.possible(task)) {
            finisher.accept(task, placement.impossible(task));
        } else {
            queue.add(task);
            queue.pump();
        }
    }

    /** What prerequisite {@code id}'s ending means for {@code task}: a failure, or null to go on (a follower now kept to its engine). */
    private static Result afterPrerequisite(TaskRecord task, long id, Result ending, WorkKind kind) {
        if (failed(ending, kind) && !task.needs.evenIfFailed()) {
            String how = ending.outcome() == Outcome.OK ? "exited " + ending.exitCode()
                    : ending.outcome() + (ending.errorClass() == null ? "" : ": " + ending.errorClass()
                    + (ending.errorMessage() == null ? "" : ": " + ending.errorMessage()));
            return dependencyError(task, "task " + id + " failed (" + how + ")");
        }
        if (id == task.needs.follow()) {
            if (ending.engineId() < 0) {
                return dependencyError(task, "it follows task " + id + ", which never ran on an engine");
            }
            task.follows(ending.engineId());
        }
        return null;
    }

    static boolean failed(Result ending, WorkKind kind) {
        return ending.outcome() != Outcome.OK || (kind == WorkKind.SHELL && ending.exitCode() != 0);
    }

    private static Result dependencyError(TaskRecord task, String why) {
        return Result.dependencyError(task.id, task.submittedAt, "task " + task.clientTaskId + " did not run: " + why);
    }
}
