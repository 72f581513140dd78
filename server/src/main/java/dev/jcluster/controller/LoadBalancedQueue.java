package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The load-balanced queue and the engines open to it. Memory stays bounded however much is queued:
 * behind {@code queuedTasksInMemory} tasks, new ones wait in the store only (spilled) and come back
 * in batches as the queue empties; and the values of waiting tasks are kept in memory only up to
 * {@code queuedValueBytesInMemory}, the store holding the rest until the task is sent. Without a
 * durable store everything waits in memory. Controller's thread only.
 */
final class LoadBalancedQueue {
    private final Deque<TaskRecord> queue = new ArrayDeque<>();
    private final OpenEngines open;
    private final LoadBalancer balancer;
    private final TaskStore store;
    private final int tasksInMemory;
    private final long valueBytesInMemory;
    /** Reads a stored task back as its client's again. */
    private final Function<TaskStore.StoredTask, TaskRecord> restorer;
    /** Sends a task to the engine chosen for it. */
    private final BiConsumer<EngineSession, TaskRecord> sender;
    /** Tasks waiting in the store only, behind those in {@link #queue}. */
    private long spilled;
    /** Bytes of values held in memory by waiting tasks. */
    private long valueBytes;

    LoadBalancedQueue(ControllerConfig config, TaskStore store, long spilledAtStart,
                      Function<TaskStore.StoredTask, TaskRecord> restorer, BiConsumer<EngineSession, TaskRecord> sender) {
        this.open = new OpenEngines(Prefetch.of(config).maxLimit());
        this.balancer = LoadBalancer.of(config.scheduling());
        this.store = store;
        this.tasksInMemory = config.queuedTasksInMemory();
        this.valueBytesInMemory = config.queuedValueBytesInMemory();
        this.restorer = restorer;
        this.sender = sender;
        this.spilled = spilledAtStart;
    }

    /**
     * Behind a long queue a new task waits in the store only: true when it went there (and its
     * payload was let go), false when it is the caller's to {@link #add}.
     */
    boolean spillIfLong(TaskRecord task) {
        if (!store.durable() || spilled == 0 && queue.size() < tasksInMemory) {
            return false;
        }
        store.spill(task.id, task.client.uuid, task.clientTaskId);
        spilled++;
        task.release();
        return true;
    }

    /** Queues a new task and sends what engines can take. */
    void add(TaskRecord task) {
        queue.add(task);
        pump();
        if (task.queued() && store.durable()) {
            holdOrLetGo(task);
        }
    }

    /** A task restored from the store (a controller that died); sent at the next {@link #pump}. */
    void addRestored(TaskRecord task) {
        queue.add(task);
    }

    /** Back to the front, for any engine but this session of {@code lostOn}; no attempt is spent on it. */
    void requeue(TaskRecord task, EngineSession lostOn) {
        task.requeue(lostOn);
        queue.addFirst(task);
    }

    /** Back to the front after a failure of its own, for any engine. */
    void retry(TaskRecord task) {
        task.retry();
        queue.addFirst(task);
    }

    /** Takes out of the queue (in memory) every task that {@code unplaceable} picks. */
    List<TaskRecord> takeIf(Predicate<TaskRecord> unplaceable) {
        List<TaskRecord> taken = new ArrayList<>();
        for (Iterator<TaskRecord> it = queue.iterator(); it.hasNext(); ) {
            TaskRecord task = it.next();
            if (unplaceable.test(task)) {
                it.remove();
                taken.add(task);
            }
        }
        return taken;
    }

    /** Takes a task out of the queue (cancelled); false when it was not there. */
    boolean remove(TaskRecord task) {
        return queue.remove(task);
    }

    /** A spilled task of this client, taken out of the store's queue (cancelled), or null. */
    TaskRecord unspill(String clientUuid, long clientTaskId) {
        if (spilled == 0) {
            return null;
        }
        TaskStore.StoredTask t = store.unspill(clientUuid, clientTaskId);
        if (t == null) {
            return null;
        }
        spilled--;
        return restorer.apply(t);
    }

    /** Whether a task resent after a reconnect is already waiting in the store. */
    boolean spilled(String clientUuid, long clientTaskId) {
        return spilled > 0 && store.isSpilled(clientUuid, clientTaskId);
    }

    /**
     * A task restored or spilled waits with its value in memory while the values of waiting tasks fit the
     * budget; past that only the store has it until it is sent.
     */
    void holdOrLetGo(TaskRecord task) {
        int bytes = task.spec().value().readableBytes();
        if (valueBytes + bytes > valueBytesInMemory) {
            task.leaveValueInStore();
        } else {
            task.holdValue(bytes);
            valueBytes += bytes;
        }
    }

    /** The task left the queue (sent, cancelled, failed): its value no longer counts against the budget. */
    void left(TaskRecord task) {
        valueBytes -= task.stopHoldingValue();
    }

    /** Sends queued tasks to open engines while there are both, bringing spilled ones back as the queue empties. */
    void pump() {
        pumpMemory();
        int batch = tasksInMemory / 2;
        while (spilled > 0 && queue.size() < batch) {
            List<TaskStore.StoredTask> back = store.unspill(batch);
            spilled = back.size() < batch ? 0 : spilled - back.size();
            if (back.isEmpty()) {
                break;
            }
            for (TaskStore.StoredTask t : back) {
                queue.add(restorer.apply(t));
            }
            pumpMemory();
        }
    }

    private void pumpMemory() {
        Iterator<TaskRecord> it = queue.iterator();
        while (!open.isEmpty() && it.hasNext()) {
            TaskRecord task = it.next();
            Predicate<EngineSession> ok = task.constrained() ? task::mayRunOn : e -> true;
            EngineSession engine = balancer.pick(open, ok);
            if (engine == null) {
                continue; // only engines this task may not use are free: later tasks may still go
            }
            it.remove();
            sender.accept(engine, task);
        }
    }

    // ---- engines open to the queue

    void engineOpened(EngineSession engine) {
        open.add(engine);
    }

    /** Call before the engine's load changes, or it is looked for under the wrong load. */
    void engineClosed(EngineSession engine) {
        open.remove(engine);
    }

    /** The engine held {@code before} load-balanced tasks, and holds another count (or has another limit) now. */
    void loadChanged(EngineSession engine, int before) {
        open.loadChanged(engine, before);
    }

    // ---- counts

    /** How long the first waiting task has waited, in ms; 0 when none waits (spilled ones wait behind it). */
    long firstWaitMillis(long nowMillis) {
        TaskRecord first = queue.peekFirst();
        return first == null ? 0 : Math.max(0, nowMillis - first.submittedAt);
    }

    /** Tasks waiting, in memory and in the store. */
    long size() {
        return queue.size() + spilled;
    }

    long spilled() {
        return spilled;
    }

    /** The tasks waiting in memory, oldest first (spilled ones are not listed). */
    Collection<TaskRecord> inMemory() {
        return Collections.unmodifiableCollection(queue);
    }
}
