package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller starting from what one that died left in the store: its clients' tasks run again (a
 * task that was running when it died runs once more; its client still gets one result), and results
 * nobody took wait for their clients. Direct tasks wait for their engine to register again; those
 * whose engine is not back within the grace period fail. Controller's thread only.
 */
final class Restoration {
    private static final Logger log = LoggerFactory.getLogger(Restoration.class);

    private final Map<Integer, List<TaskRecord>> waitingForEngine = new HashMap<>();
    private final Duration grace;
    private final BiConsumer<TaskRecord, Result> finisher;

    Restoration(Duration grace, BiConsumer<TaskRecord, Result> finisher) {
        this.grace = grace;
        this.finisher = finisher;
    }

    /**
     * Puts the store's contents back: results with their clients, load-balanced tasks in the queue,
     * direct ones aside for their engines. {@code restorer} makes a stored task its client's again.
     */
    void restore(TaskStore.Contents contents, Clients clients, HeldResults results, LoadBalancedQueue queue,
                 Function<TaskStore.StoredTask, TaskRecord> restorer, TaskCounts counts) {
        counts.submitted(contents.spilled());
        if (contents.isEmpty()) {
            return;
        }
        for (TaskStore.StoredResult r : contents.results()) {
            results.restored(clients.known(r.clientUuid()), r);
        }
        int direct = 0;
        for (TaskStore.StoredTask t : contents.tasks()) {
            TaskRecord task = restorer.apply(t);
            counts.submitted(1);
            if (task.loadBalanced()) {
                queue.addRestored(task);
            } else {
                waitingForEngine.computeIfAbsent(task.target, id -> new ArrayList<>()).add(task);
                direct++;
            }
        }
        log.info("restored from the store: {} task(s) to run ({} for named engines) and {} more waiting in the store, "
                + "{} result(s) for {} client(s)", contents.tasks().size(), direct, queue.spilled(),
                contents.results().size(), clients.size());
    }

    /** The engine is back: what waited for it goes to it (but what was cancelled meanwhile). */
    void engineBack(EngineSession engine, BiConsumer<EngineSession, TaskRecord> sender) {
        List<TaskRecord> waiting = waitingForEngine.remove(engine.id);
        if (waiting != null) {
            waiting.stream().filter(TaskRecord::queued).forEach(t -> sender.accept(engine, t));
        }
    }

    /** The engines had their time: direct tasks for those still away fail. */
    void graceOver() {
        for (List<TaskRecord> tasks : waitingForEngine.values()) {
            for (TaskRecord task : tasks) {
                if (task.queued()) {
                    finisher.accept(task, Result.engineLost(task.id, task.target, "", task.submittedAt,
                            "engine " + task.target + " did not come back within " + grace.toSeconds()
                                    + " s of the controller's restart, so task " + task.clientTaskId + " could not run"));
                }
            }
        }
        waitingForEngine.clear();
    }
}
