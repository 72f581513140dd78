package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private static final String RESTORED = "the controller restarted from its store";
    private final WaitingForEngines waiting;
    private final Duration grace;
    private final BiConsumer<TaskRecord, Result> finisher;

    Restoration(WaitingForEngines waiting, Duration grace, BiConsumer<TaskRecord, Result> finisher) {
        this.waiting = waiting;
        this.grace = grace;
        this.finisher = finisher;
    }

    /**
     * Puts the store's contents back: results with their clients, load-balanced tasks in the queue,
     * direct ones aside for their engines. {@code restorer} makes a stored task its client's again.
     * Returns the load-balanced tasks with prerequisites, for the caller to admit once all are back.
     */
    List<TaskRecord> restore(TaskStore.Contents contents, Clients clients, HeldResults results,
                             LoadBalancedQueue queue, Function<TaskStore.StoredTask, TaskRecord> restorer,
                             TaskCounts counts) {
        counts.submitted(contents.spilled());
        contents.clientSecrets().forEach((uuid, hash) -> clients.known(uuid).restoreSecretHash(hash));
        if (contents.isEmpty()) {
            return List.of();
        }
        List<TaskRecord> withPrerequisites = new ArrayList<>();
        for (TaskStore.StoredResult r : contents.results()) {
            results.restored(clients.known(r.clientUuid()), r);
        }
        int direct = 0;
        for (TaskStore.StoredTask t : contents.tasks()) {
            TaskRecord task = restorer.apply(t);
            counts.submitted(1);
            if (task.loadBalanced() && !task.needs.isEmpty()) {
                withPrerequisites.add(task);
            } else if (task.loadBalanced()) {
                queue.addRestored(task);
            } else {
                waiting.expect(task.target, RESTORED);
                waiting.hold(task);
                direct++;
            }
        }
        log.info("restored from the store: {} task(s) to run ({} for named engines) and {} more waiting in the store, "
                + "{} result(s) for {} client(s)", contents.tasks().size(), direct, queue.spilled(),
                contents.results().size(), clients.size());
        return withPrerequisites;
    }

    /** The engines had their time: direct tasks for those still away fail. */
    void graceOver() {
        for (int id : waiting.expectedIds()) {
            if (!RESTORED.equals(waiting.whyAway(id))) {
                continue;
            }
            for (TaskRecord task : waiting.giveUp(id)) {
                finisher.accept(task, Result.engineLost(task.id, task.target, "", task.submittedAt,
                        "engine " + task.target + " did not come back within " + grace.toSeconds()
                                + " s of the controller's restart, so task " + task.clientTaskId + " could not run"));
            }
        }
    }
}
