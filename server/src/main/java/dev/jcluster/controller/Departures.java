package dev.jcluster.controller;

import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Shutdown;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an engine's tasks when it leaves. A lost engine's load-balanced tasks run again
 * elsewhere while their retries last; the rest fail with an engine-lost error naming engine and
 * task. A draining engine (its batch job ends soon) gets nothing more, and what it gives back
 * unstarted goes to other engines as if never sent; direct tasks for it fail, since no other
 * engine may run them. An engine that restarts (to stop a task that ignored its abort) is expected
 * back: its direct tasks wait for it. Controller's thread only.
 */
final class Departures {
    private static final Logger log = LoggerFactory.getLogger(Departures.class);

    private final EngineRegistry engines;
    private final LoadBalancedQueue queue;
    private final Outbox outbox;
    /** Ends a task with a result. */
    private final BiConsumer<TaskRecord, Result> finisher;
    /** Told when the count of live engines changes. */
    private final Liveness liveness;
    private final WaitingForEngines waiting;

    Departures(EngineRegistry engines, LoadBalancedQueue queue, Liveness liveness, Outbox outbox,
               WaitingForEngines waiting, BiConsumer<TaskRecord, Result> finisher) {
        this.engines = engines;
        this.waiting = waiting;
        this.queue = queue;
        this.liveness = liveness;
        this.outbox = outbox;
        this.finisher = finisher;
    }

    void lost(EngineSession engine, String cause) {
        if (!engines.lose(engine)) {
            return;
        }
        liveness.engineCountChanged(null);
        queue.engineClosed(engine);
        boolean left = engine.leftAsTold();
        List<TaskRecord> tasks = engine.takeInFlight();
        if (left) {
            log.info("{} left after it drained ({})", engine.describe(), engine.draining());
        } else {
            log.warn("{} lost: {}; {} task(s) in flight", engine.describe(), cause, tasks.size());
        }
        engine.channel.close();
        for (TaskRecord task : tasks) {
            if (engine.restarting()) {
                giveBack(engine, task);  // sent after it said it restarts: it never read them
                continue;
            }
            task.attemptFailed(engine.describe() + ": engine lost (" + cause + ")");
            if (task.loadBalanced() && task.attempts().size() <= task.retries) {
                queue.requeue(task, engine);
            } else {
                finisher.accept(task, Result.engineLost(task.id, engine.id, engine.hello.host(), task.submittedAt,
                        engine.describe() + " was lost while running task " + task.clientTaskId + " (" + cause + ")"));
            }
        }
        queue.pump();
    }

    /** @return the number of the engine's absence when it restarts (see {@link WaitingForEngines#expect}), else 0 */
    long drain(EngineSession engine, Drain drain) {
        if (engine.lost()) {
            return 0;
        }
        long absence = 0;
        queue.engineClosed(engine);
        if (drain.restarting()) {
            engine.restart(drain.reason());
            absence = waiting.expect(engine.id, engine.describe() + " is restarting: " + drain.reason());
        } else {
            engine.drain(drain.reason());
        }
        List<Long> ids = drain.returnedTaskIds();
        log.info("{} is draining ({}); {} unstarted task(s) given back", engine.describe(), drain.reason(), ids.size());
        for (int i = ids.size() - 1; i >= 0; i--) {  // put back at the front in the order they were sent
            TaskRecord task = engine.ended(ids.get(i));
            if (task == null) {
                continue;
            }
            if (task.loadBalanced() || engine.restarting()) {
                giveBack(engine, task);
            } else {
                finisher.accept(task, Result.noSuchEngine(task.id, engine.id, engine.hello.host(), task.submittedAt,
                        engine.describe() + " gave task " + task.clientTaskId + " back unstarted: " + drain.reason()));
            }
        }
        releaseIfDrained(engine);
        queue.pump();
        return absence;
    }

    /** A task {@code engine} will not run: to another engine, or, if only it may run it, to wait for its restart. */
    private void giveBack(EngineSession engine, TaskRecord task) {
        if (task.loadBalanced()) {
            queue.requeue(task, engine);
        } else {
            task.returnedUnstarted();
            waiting.hold(task);
        }
    }

    /**
     * A draining engine leaves when told, not on its own: only here is it known that nothing more
     * is on its way to it, so no task can be lost in the wire between its drain and its goodbye.
     */
    void releaseIfDrained(EngineSession engine) {
        if (engine.draining() != null && !engine.restarting() && engine.idle() && !engine.lost()) {
            log.info("{} has drained; telling it to leave", engine.describe());
            engine.toldToLeave();
            outbox.send(engine.channel, Envelope.of(0, new Shutdown("drained: " + engine.draining(),
                    new int[] {engine.id})));
        }
    }
}
