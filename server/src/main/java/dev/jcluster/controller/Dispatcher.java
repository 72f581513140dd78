package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.ClientGone;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.DataRoute;
import dev.jcluster.protocol.Note;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.RefusalLog;
import dev.jcluster.protocol.Refused;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Taken;
import dev.jcluster.protocol.Version;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's coordinator: handlers turn frames into calls here, and it passes each to the
 * part that owns the state (engines, clients, the load-balanced queue, liveness, departures, held
 * results, the class relay, the outbox). Every method runs on the controller's single event-loop
 * thread, so nothing locks; the work per call is small (no I/O waits, no decoding of user values).
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How long `status` still shows a lost engine. */
    static final java.time.Duration LOST_ENGINES_KEPT = java.time.Duration.ofMinutes(10);

    private final ControllerConfig config;
    private final Runnable onClusterShutdown;
    private final TaskStore store;
    private final Outbox outbox;
    private final EngineRegistry engines;
    private final Notes notes;
    private final Clients clients;
    private final HeldResults results;
    private final ClassRelay classes;
    private final LoadBalancedQueue queue;
    private final Departures departures;
    private final Liveness liveness;
    private final TaskHistory history;
    private final Queries queries;
    private final Stopping stopping;
    private final Restoration restoration;
    private final TaskCounts counts = new TaskCounts();
    private final SizeLimits sizes;
    private final Functions functions = new Functions(Functions.DEFAULT_MAX_BYTES);
    private final Placement placement;
    private final WaitingForEngines waiting = new WaitingForEngines();
    private final Prerequisites prerequisites;
    private final ScheduledExecutorService timer;
    private final DataLinks dataLinks;
    /** Refused frames and peers, counted, and logged at most a few a minute (also the pipelines'). */
    private final RefusalLog refusals = RefusalLog.standard();
    private long nextTaskId;

    /** @param timer the controller's event loop, for the timers the outbox sets */
    Dispatcher(ControllerConfig config, Runnable onClusterShutdown, TaskStore store, GroupCommit commits,
               ScheduledExecutorService timer) {
        this(config, onClusterShutdown, store, commits, timer, System::nanoTime);
    }

    /** @param clock what liveness reads time from: {@link System#nanoTime}, or a test's */
    Dispatcher(ControllerConfig config, Runnable onClusterShutdown, TaskStore store, GroupCommit commits,
               ScheduledExecutorService timer, LongSupplier clock) {
        TaskStore.Contents contents = store.contents();
        this.config = config;
        this.timer = timer;
        this.dataLinks = new DataLinks(config.key());
        this.onClusterShutdown = onClusterShutdown;
        this.store = store;
        this.outbox = new Outbox(store, commits, timer, config.storeCommitInterval());
        this.engines = new EngineRegistry(contents.nextEngineId());
        this.placement = new Placement(engines, waiting);
        this.results = new HeldResults(store, outbox, config.maxRetainedResults(), config.heldValueBytesInMemory());
        this.classes = new ClassRelay(outbox);
        this.clients = new Clients(results, classes, functions, outbox, store, config.keepUntaken(),
                config.forgottenClientGrace());
        this.queue = new LoadBalancedQueue(config, store, contents.spilled(), this::restored, this::send);
        this.liveness = new Liveness(config, engines, outbox, this::engineLost, clock);
        this.departures = new Departures(engines, queue, liveness, outbox, waiting, this::finish);
        this.history = new TaskHistory(config.historySize(), config.historyValueBytes());
        this.stopping = new Stopping(engines, clients, outbox);
        this.notes = new Notes(store, contents.notes());
        this.queries = new Queries(config.clusterId(), engines, queue, history, counts, clients, store, liveness, notes);
        this.restoration = new Restoration(waiting, config.restoreGrace(), this::finish);
        this.nextTaskId = contents.nextTaskId();
        this.sizes = new SizeLimits(config.maxValueBytes(), config.maxFrameBytes());
        this.prerequisites = new Prerequisites(history, queue, placement, this::finish);
        for (TaskRecord waits : restoration.restore(contents, clients, results, queue, this::restored, counts)) {
            prerequisites.admit(waits, true);
        }
    }

    /** A task read back from the store (spilled, or left by a controller that died), its client's again. */
    private TaskRecord restored(TaskStore.StoredTask t) {
        ClientSession client = clients.known(t.clientUuid());
        TaskRecord task = new TaskRecord(t.taskId(), client, t.submit(), t.submittedAt());
        queue.holdOrLetGo(task);
        client.track(task);
        return task;
    }

    /** The engines a restored controller waited for had their time; direct tasks for those still away fail. */
    void restoreGraceOver() {
        restoration.graceOver();
    }

    // ---- who is connected

    /** Returns the new engine session, or null after refusing it. */
    EngineSession registerEngine(Hello hello, Channel channel) {
        EngineSession old = hello.engineId() >= 0 ? engines.live(hello.engineId()) : null;
        if (old != null && !old.hello.uuid().equals(hello.uuid())) {
            refuse(channel, "engine id " + hello.engineId() + " is already in use by " + old.describe());
            return null;
        }
        if (old != null) {
            // the same engine again: its old connection is dead even if we have not noticed yet
            departures.lost(old, "re-registered as a new session");
        }
        int id = engines.idFor(hello.engineId());
        EngineSession session = engines.open(id, hello, channel, Prefetch.of(config));
        store.engineIdUsed(id);
        queue.engineOpened(session);
        liveness.engineCountChanged(session);
        outbox.send(channel, Envelope.of(0, welcome(id, session.session)));
        log.info("{} registered (session {}, java {})", session.describe(), session.session, hello.javaVersion());
        waiting.engineBack(session, this::send);
        queue.pump();
        return session;
    }

    /** Returns the client's session, or null after refusing it. */
    ClientSession registerClient(Hello hello, Channel channel) {
        ClientSession client = clients.connected(hello, channel, welcome(-1, 0));
        if (client == null) {
            refuse(channel, "client " + hello.uuid() + " did not bring the secret its session was opened with");
        }
        return client;
    }

    private Welcome welcome(int engineId, long session) {
        return new Welcome(engineId, session, Version.CURRENT, liveness.periodMillis(), liveness.missedBeats(),
                sizes.controller());
    }

    RefusalLog refusals() {
        return refusals;
    }

    void refuse(Channel channel, String reason) {
        refusals.peer(channel.remoteAddress(), reason);
        channel.writeAndFlush(Envelope.of(0, new Refused(reason))).addListener(f -> channel.close());
    }

    void clientWritable(ClientSession client) {
        results.sendWhileWritable(client);
    }

    void clientGone(ClientSession client) {
        clients.disconnected(client);
    }

    /**
     * Clients away past keep-untaken, and engine sessions lost more than {@link #LOST_ENGINES_KEPT} ago;
     * engines hear of clients forgotten long enough ago that they cannot come back.
     */
    void forgetAbandonedClients() {
        clients.forgetAbandoned();
        engines.forgetLostBefore(System.nanoTime() - LOST_ENGINES_KEPT.toNanos());
        for (String uuid : clients.goneForEngines()) {
            for (EngineSession e : engines.all()) {
                if (!e.lost()) {
                    outbox.send(e.channel, Envelope.of(0, new ClientGone(uuid)));
                }
            }
        }
    }

    // ---- tasks

    void submit(ClientSession client, Submit submit) {
        outbox.ackLater(client, submit.taskId());
        if (client.knows(submit.taskId()) || queue.spilled(client.uuid, submit.taskId())) {
            submit.release();  // sent again after a reconnect, but it reached us the first time
            return;
        }
        if (submit.taskCount() > 1) {
            // one value for many engines: a task per engine, each holding a reference to the one copy
            for (Submit one : submit.perTarget()) {
                accept(client, one);
            }
            submit.release();
            return;
        }
        accept(client, submit);
    }

    private void accept(ClientSession client, Submit received) {
        Submit submit = functions.whole(client.uuid, received);
        if (submit == null) {
            TaskRecord unknown = new TaskRecord(nextTaskId++, client, received);
            counts.submitted(1);
            client.track(unknown);
            finish(unknown, Result.functionNotHere(unknown.id, -1, "", unknown.submittedAt, Result.FUNCTION_UNKNOWN,
                    "this controller does not have function " + received.spec().text() + " (it restarted, or let"
                            + " it go); the client sends the task again with it"));
            return;
        }
        TaskRecord task = new TaskRecord(nextTaskId++, client, submit);
        counts.submitted(1);
        Result tooLarge = sizes.refusedHere(task);
        if (tooLarge != null) {
            // a client that did not check the limit its welcome gave it: only the failure is stored, not the value
            client.track(task);
            finish(task, tooLarge);
            return;
        }
        store.accepted(task.id, client.uuid, task.submittedAt, submit);
        if (task.loadBalanced()) {
            if (!placement.possible(task)) {
                client.track(task);
                finish(task, placement.impossible(task));
                return;
            }
            if (!task.needs.isEmpty()) {
                client.track(task);
                prerequisites.admit(task, false);
                return;
            }
            if (!queue.spillIfLong(task)) {
                client.track(task);
                queue.add(task);
            }
            return;
        }
        client.track(task);
        EngineSession engine = engines.live(task.target);
        if ((engine == null || engine.restarting()) && waiting.expecting(task.target)) {
            waiting.hold(task);
        } else if (engine == null) {
            finish(task, Result.noSuchEngine(task.id, task.target, "", task.submittedAt,
                    "no engine " + task.target + " in this cluster (engines: " + engines.liveIds() + ")"));
        } else if (engine.draining() != null) {
            finish(task, Result.noSuchEngine(task.id, task.target, engine.hello.host(), task.submittedAt,
                    engine.describe() + " takes no more tasks: " + engine.draining()));
        } else {
            send(engine, task);
        }
    }

    private void send(EngineSession engine, TaskRecord task) {
        Result tooLarge = sizes.refusedBy(engine, task);
        if (tooLarge != null) {
            finish(task, tooLarge);
            return;
        }
        queue.left(task);
        task.dispatchTo(engine, store);
        int before = engine.loadBalancedOutstanding();
        engine.dispatched(task);
        if (task.loadBalanced()) {
            queue.loadChanged(engine, before);
        }
        sendTask(engine, task);
    }

    /** Sends the task; a large value buys the engine time to take it in (see {@link Liveness#sending}). */
    private void sendTask(EngineSession engine, TaskRecord task) {
        liveness.sending(engine, task.valueBytes);
        outbox.send(engine.channel, dispatchOf(engine, task));
    }

    /** The task as it goes to {@code engine}: a map's function by hash when the engine has it already. */
    private Envelope dispatchOf(EngineSession engine, TaskRecord task) {
        return Envelope.of(task.id, new Dispatch(task.id, task.client.uuid, task.attempt(), task.timeoutMillis,
                functions.forEngine(engine, task.client.uuid, task.spec())));
    }

    /** An engine lacked a function a task named by hash: it gets the task again, whole. */
    private boolean functionMissing(EngineSession engine, Result result) {
        if (!Result.FUNCTION_MISSING.equals(result.errorClass()) || engine.lost()) {
            return false;
        }
        TaskRecord task = engine.inFlight(result.taskId());
        if (task == null) {
            return false;
        }
        engine.lostFunction(Functions.key(task.client.uuid, task.spec().text()));
        result.release();
        sendTask(engine, task);
        return true;
    }

    void result(EngineSession engine, Result result) {
        if (functionMissing(engine, result)) {
            return;
        }
        int before = engine.loadBalancedOutstanding();
        int limitBefore = engine.prefetch.limit();
        TaskRecord task = engine.lost() ? null : engine.ended(result.taskId());
        if (task == null) {
            log.debug("ignoring a late result for task {} from {} session {}", result.taskId(), engine.describe(),
                    engine.session);
            result.release();
            return;
        }
        engine.prefetch.resultArrived(System.nanoTime(), engine.inFlight().size());
        if (task.loadBalanced() || engine.prefetch.limit() != limitBefore) {
            queue.loadChanged(engine, before);
        }
        engine.counted(result.outcome().succeeded());
        if (task.retriesAfter(result)) {
            task.failedOn(engine, result);
            result.release();
            queue.retry(task);
        } else {
            finish(task, result);
        }
        departures.releaseIfDrained(engine);
        queue.pump();
    }

    private void finish(TaskRecord task, Result result) {
        queue.left(task);
        task.finished();
        history.add(task, result);
        task.client.untrack(task);
        counts.finished(result.outcome().succeeded());
        Result forwarded = result.forward(task.clientTaskId, task.submittedAt, List.copyOf(task.attempts()));
        store.finished(task.id, task.client.uuid, forwarded);
        results.deliver(task.client, task.id, forwarded, clients.all());
        prerequisites.finished(task, result);
    }

    void taken(ClientSession client, Taken taken) {
        results.taken(client, taken);
    }

    void cancel(ClientSession client, Cancel cancel) {
        TaskRecord task = client.task(cancel.taskId());
        if (task == null) {
            task = queue.unspill(client.uuid, cancel.taskId());
        }
        if (task == null) {
            return;
        }
        if (task.queued()) {
            queue.remove(task);
            finish(task, Result.cancelledBeforeStart(task.id, -1, "", task.submittedAt));
        } else if (task.state() == TaskRecord.State.RUNNING) {
            outbox.send(task.engine().channel, Envelope.of(0, new Cancel(task.id)));
        }
    }

    /** Lines a streaming task printed: on to the client that submitted it, if it is there. */
    void output(EngineSession engine, Output output) {
        TaskRecord task = engine.inFlight(output.taskId());
        if (task != null && task.client.connected()) {
            outbox.send(task.client.channel(), Envelope.of(0, new Output(task.clientTaskId, engine.id,
                    output.stderr(), output.text())));
        }
    }

    // ---- engines' own messages

    void heartbeat(EngineSession engine, Heartbeat beat) {
        liveness.heartbeat(engine, beat);
    }

    /** Any frame of an engine's shows it alive. */
    void heard(EngineSession engine) {
        liveness.heard(engine);
    }

    void engineLost(EngineSession engine, String cause) {
        departures.lost(engine, cause);
        failUnplaceable();
    }

    void drain(EngineSession engine, Drain drain) {
        long absence = departures.drain(engine, drain);
        if (absence != 0) {
            timer.schedule(() -> restartTimedOut(engine.id, absence), config.restoreGrace().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        failUnplaceable();
    }

    /** An engine that said it restarts is not back in time: what waited for it fails. */
    private void restartTimedOut(int engineId, long absence) {
        if (!waiting.stillAway(engineId, absence)) {
            return;
        }
        for (TaskRecord task : waiting.giveUp(engineId)) {
            finish(task, Result.engineLost(task.id, engineId, "", task.submittedAt, "engine " + engineId
                    + " restarted to stop a stuck task and did not come back within "
                    + config.restoreGrace().toSeconds() + " s, so task " + task.clientTaskId + " could not run"));
        }
        failUnplaceable();
        flush();
    }

    /** Queued tasks kept to engines that have all gone fail now rather than wait forever. */
    private void failUnplaceable() {
        for (TaskRecord task : queue.takeIf(t -> !placement.possible(t))) {
            finish(task, placement.impossible(task));
        }
    }

    /** @return nanoseconds until it should run again */
    long livenessTick() {
        return liveness.tick();
    }

    void classRequest(EngineSession engine, long messageId, ClassRequest request) {
        classes.request(clients.get(request.clientUuid()), engine.channel, messageId, request);
    }

    void classData(ClientSession from, long replyTo, ClassData data) {
        classes.reply(from, replyTo, data);
    }

    // ---- queries, shutdown, flushing

    /** The controller's loop has stopped: what the dispatcher keeps in buffers is let go of. */
    void stopped() {
        history.close();
    }

    /** What status, `top`, `tasks` and `task ID` read. */
    Queries queries() {
        return queries;
    }

    /** A client's note, kept for every status to show. */
    /** A client asks how to reach an engine directly (see {@link DataLinks}). */
    DataRoute dataRoute(ClientSession client, int engineId) {
        return dataLinks.route(client.uuid, engineId, engines.live(engineId));
    }

    void note(Note note) {
        notes.put(note);
    }

    void shutdown(Shutdown request) {
        if (request.drainFirst()) {
            retire(request.engineIds(), request.reason());
            return;
        }
        if (stopping.stop(request)) {
            flush();
            onClusterShutdown.run();
        }
    }

    /**
     * Engines to leave without losing work: closed to the queue at once, told to give back what they
     * hold and have not started; each is told to leave when the last task it runs has ended.
     */
    private void retire(int[] ids, String reason) {
        for (int id : ids) {
            EngineSession engine = engines.live(id);
            if (engine == null || engine.draining() != null) {
                continue;
            }
            Drain drain = new Drain(List.of(), reason);
            outbox.send(engine.channel, Envelope.of(0, drain));
            drain(engine, drain);
        }
    }

    /** Handlers call it when a read batch ends. */
    void flush() {
        outbox.flush();
    }

    /** Engines still connected, for a graceful shutdown to wait on. */
    int liveEngines() {
        return engines.live();
    }
}
