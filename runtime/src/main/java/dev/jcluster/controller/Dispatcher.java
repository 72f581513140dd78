package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Pace;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Taken;
import dev.jcluster.protocol.Version;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's state and scheduling. Every method runs on the controller's single event-loop
 * thread, so nothing here locks: handlers only turn frames into calls on this class. The work per
 * call is small (no I/O waits, no decoding of user values), which is what keeps it off a pool.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    static final String ENGINE_LOST = "dev.jcluster.EngineLostException";
    static final String NO_SUCH_ENGINE = "dev.jcluster.NoSuchEngineException";
    private static final int MAX_PARKED_CLASS_REQUESTS = 10_000;
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ControllerConfig config;
    private final LoadBalancer balancer;
    private final OpenEngines open;
    private final HeartbeatPace pace;
    private final long startedNanos = System.nanoTime();
    private final TreeMap<Integer, EngineSession> engines = new TreeMap<>();
    private final Map<String, ClientSession> clients = new HashMap<>();
    private final Deque<TaskRecord> loadBalancedQueue = new ArrayDeque<>();
    private final Map<Long, PendingClassRequest> classRequests = new HashMap<>();
    private final Runnable onClusterShutdown;
    private final TaskHistory history;
    private final TaskStore store;
    private final GroupCommit commits;
    private final ScheduledExecutorService timer;
    /** Clients owed an {@link Accepted}: sent after the store's commit, at the end of a read batch. */
    private final Set<ClientSession> acksDue = new LinkedHashSet<>();
    /** Direct tasks restored from the store, waiting for their engine to register again. */
    private final Map<Integer, List<TaskRecord>> waitingForEngine = new HashMap<>();
    /** Class requests for clients that are away (a restored controller's engines ask before clients are back). */
    private final Map<String, List<ParkedClassRequest>> parkedClassRequests = new HashMap<>();
    /** Load-balanced tasks waiting in the store only, behind those in {@link #loadBalancedQueue}. */
    private long spilledCount;
    /** Bytes of values held by queued load-balanced tasks (see {@link ControllerConfig#queuedValueBytesInMemory}). */
    private long queuedValueBytes;
    private long nextTaskId = 1;
    private long lastCommitNanos = System.nanoTime();
    private boolean commitTimerSet;
    private long lastLivenessCheckNanos = System.nanoTime();
    private long tickNanos = MIN_TICK_NANOS;
    private long lastBeatNanos = System.nanoTime();
    private int liveEngines;
    private long nextSession = 1;
    private long nextMessageId = 1;
    private int nextEngineId;
    /** Results held in memory for clients, not yet taken. */
    private int heldResults;
    private long submitted;
    private long completed;
    private long failed;

    /** Channels written to since the last flush: one flush per batch of reads, not per message. */
    private final Set<Channel> unflushed = new HashSet<>();

    private record PendingClassRequest(Channel engine, long engineMessageId) {
    }

    private record ParkedClassRequest(Channel engine, long engineMessageId, ClassRequest request) {
    }

    /** @param timer the controller's event loop, for the timers this class sets itself */
    Dispatcher(ControllerConfig config, Runnable onClusterShutdown, TaskStore store, GroupCommit commits,
               ScheduledExecutorService timer) {
        this.config = config;
        this.timer = timer;
        this.balancer = LoadBalancer.of(config.scheduling());
        this.open = new OpenEngines(Prefetch.of(config).maxLimit());
        this.pace = new HeartbeatPace(config.heartbeat().toNanos(), config.missedBeats(), config.heartbeatBudget());
        this.onClusterShutdown = onClusterShutdown;
        this.history = new TaskHistory(config.historySize());
        this.store = store;
        this.commits = commits;
        restore(store.contents());
    }

    /**
     * Starts from what a controller that died left in the store: its clients' tasks run again (a
     * task that was running when it died runs once more; its client still gets one result), and
     * results nobody took wait for their clients.
     */
    private void restore(TaskStore.Contents contents) {
        nextTaskId = contents.nextTaskId();
        nextEngineId = contents.nextEngineId();
        spilledCount = contents.spilled();
        submitted += spilledCount;
        if (contents.isEmpty()) {
            return;
        }
        for (TaskStore.StoredResult r : contents.results()) {
            ClientSession client = clients.computeIfAbsent(r.clientUuid(), uuid -> new ClientSession(uuid, null));
            r.result().release();  // read again from the store when the client is back
            client.untaken.put(r.result().taskId(), new ClientSession.Untaken(r.taskId(), null));
        }
        int direct = 0;
        for (TaskStore.StoredTask t : contents.tasks()) {
            TaskRecord task = restored(t);
            submitted++;
            if (task.loadBalanced()) {
                loadBalancedQueue.add(task);
            } else {
                waitingForEngine.computeIfAbsent(task.target, id -> new ArrayList<>()).add(task);
                direct++;
            }
        }
        log.info("restored from the store: {} task(s) to run ({} for named engines) and {} more waiting in the store, "
                + "{} result(s) for {} client(s)", contents.tasks().size(), direct, spilledCount,
                contents.results().size(), clients.size());
    }

    /** The engines a restored controller waited for had their time; direct tasks for those still away fail. */
    void restoreGraceOver() {
        for (Map.Entry<Integer, List<TaskRecord>> e : waitingForEngine.entrySet()) {
            for (TaskRecord task : e.getValue()) {
                if (task.state == TaskRecord.State.QUEUED) {
                    finish(task, Result.failure(task.id, task.target, "", Outcome.ENGINE_LOST, task.submittedAt,
                            ENGINE_LOST, "engine " + task.target + " did not come back within "
                                    + config.restoreGrace().toSeconds() + " s of the controller's restart, so task "
                                    + task.clientTaskId + " could not run", List.of()));
                }
            }
        }
        waitingForEngine.clear();
    }

    // ---- registration

    /** Returns the welcome for a new engine session, or null after refusing it. */
    EngineSession registerEngine(Hello hello, Channel channel) {
        int id = hello.engineId();
        EngineSession old = id >= 0 ? engines.get(id) : null;
        if (old != null && !old.lost && !old.hello.uuid().equals(hello.uuid())) {
            refuse(channel, "engine id " + id + " is already in use by " + old.describe());
            return null;
        }
        if (id < 0) {
            while (engines.containsKey(nextEngineId)) {
                nextEngineId++;
            }
            id = nextEngineId++;
        }
        if (old != null && !old.lost) {
            // the same engine again: its old connection is dead even if we have not noticed yet
            engineLost(old, "re-registered as a new session");
        }
        EngineSession session = new EngineSession(id, nextSession++, hello, channel, Prefetch.of(config));
        engines.put(id, session);
        liveEngines++;
        store.engineIdUsed(id);
        open.add(session);
        repace(session);
        out(channel, Envelope.of(0, new Welcome(id, session.session, Version.CURRENT, pace.periodMillis(),
                pace.missedBeats())));
        log.info("{} registered (session {}, java {})", session.describe(), session.session, hello.javaVersion());
        List<TaskRecord> waiting = waitingForEngine.remove(id);
        if (waiting != null) {
            waiting.stream().filter(t -> t.state == TaskRecord.State.QUEUED).forEach(t -> send(session, t));
        }
        pumpLoadBalanced();
        return session;
    }

    ClientSession registerClient(Hello hello, Channel channel) {
        ClientSession client = clients.computeIfAbsent(hello.uuid(), uuid -> new ClientSession(uuid, channel));
        client.channel = channel;
        out(channel, Envelope.of(0, new Welcome(-1, 0, Version.CURRENT, pace.periodMillis(), pace.missedBeats())));
        // what it has not confirmed may have died in the old connection's buffers: send it all again
        for (ClientSession.Untaken u : client.untaken.values()) {
            Result r = u.result != null ? u.result.withValue(u.result.value().retainedDuplicate()) : store.result(u.taskId);
            if (r != null) {
                out(channel, Envelope.of(0, r));
            }
        }
        List<ParkedClassRequest> parked = parkedClassRequests.remove(client.uuid);
        if (parked != null) {
            parked.forEach(p -> forwardClassRequest(client, p.engine(), p.engineMessageId(), p.request()));
        }
        log.info("client {} connected from {}{}", hello.uuid(), channel.remoteAddress(), client.untaken.isEmpty()
                ? "" : "; sending it " + client.untaken.size() + " result(s) it has not confirmed");
        return client;
    }

    void refuse(Channel channel, String reason) {
        log.warn("refusing {}: {}", channel.remoteAddress(), reason);
        channel.writeAndFlush(Envelope.of(0, new dev.jcluster.protocol.Refused(reason)))
                .addListener(f -> channel.close());
    }

    void clientGone(ClientSession client) {
        log.info("client {} disconnected", client.uuid);
        client.channel = null;
        client.awaySinceNanos = System.nanoTime();
        if (client.tasks.isEmpty() && client.untaken.isEmpty()) {
            // nothing waits for it (`jcluster status` and the like): forget it, or sessions would pile up
            clients.remove(client.uuid);
            parkedClassRequests.remove(client.uuid);
        }
    }

    /**
     * Clients away longer than {@code controller.keep-untaken} will not come back for their
     * results: those go (from memory and store), so that the store stays bounded.
     */
    void forgetAbandonedClients() {
        long limit = config.keepUntaken().toNanos();
        long now = System.nanoTime();
        Iterator<ClientSession> it = clients.values().iterator();
        while (it.hasNext()) {
            ClientSession c = it.next();
            if (c.connected() || !c.tasks.isEmpty() || now - c.awaySinceNanos < limit) {
                continue;
            }
            for (ClientSession.Untaken u : c.untaken.values()) {
                if (u.result != null) {
                    u.result.release();
                    heldResults--;
                }
                store.taken(u.taskId);
            }
            if (!c.untaken.isEmpty()) {
                log.warn("client {} has been away for more than {}; its {} untaken result(s) are dropped", c.uuid,
                        config.keepUntaken(), c.untaken.size());
            }
            parkedClassRequests.remove(c.uuid);
            it.remove();
        }
    }

    // ---- tasks

    void submit(ClientSession client, Submit submit) {
        ackLater(client, submit.taskId());
        if (client.knows(submit.taskId()) || spilledCount > 0 && store.isSpilled(client.uuid, submit.taskId())) {
            submit.release();  // sent again after a reconnect, but it reached us the first time
            return;
        }
        TaskRecord task = new TaskRecord(nextTaskId++, client, submit);
        store.accepted(task.id, client.uuid, task.submittedAt, submit);
        submitted++;
        if (task.loadBalanced() && store.durable()
                && (spilledCount > 0 || loadBalancedQueue.size() >= config.queuedTasksInMemory())) {
            // behind a long queue it waits in the store only: memory stays bounded however much is queued
            store.spill(task.id, client.uuid, task.clientTaskId);
            spilledCount++;
            task.release();
            return;
        }
        client.tasks.put(task.clientTaskId, task);
        if (task.loadBalanced()) {
            loadBalancedQueue.add(task);
            pumpLoadBalanced();
            if (task.state == TaskRecord.State.QUEUED && store.durable()) {
                holdOrLetGo(task);
            }
            return;
        }
        EngineSession engine = engines.get(task.target);
        if (engine != null && !engine.lost && engine.draining != null) {
            finish(task, Result.failure(task.id, task.target, engine.hello.host(), Outcome.ERROR, task.submittedAt,
                    NO_SUCH_ENGINE, engine.describe() + " takes no more tasks: " + engine.draining, List.of()));
            return;
        }
        if (engine == null || engine.lost) {
            finish(task, Result.failure(task.id, task.target, "", Outcome.ERROR, task.submittedAt, NO_SUCH_ENGINE,
                    "no engine " + task.target + " in this cluster (engines: " + liveIds() + ")", List.of()));
            return;
        }
        send(engine, task);
    }

    private void ackLater(ClientSession client, long clientTaskId) {
        client.ackDue = clientTaskId;
        acksDue.add(client);
    }

    private void send(EngineSession engine, TaskRecord task) {
        leftQueue(task);
        if (task.valueInStore) {
            task.spec = task.spec.withValue(store.taskValue(task.id));
            task.valueInStore = false;
        }
        task.state = TaskRecord.State.RUNNING;
        task.engine = engine;
        task.dispatchedAt = System.currentTimeMillis();
        engine.inFlight.put(task.id, task);
        if (task.loadBalanced()) {
            engine.loadBalancedOutstanding++;
            open.loadChanged(engine, engine.loadBalancedOutstanding - 1);
        }
        out(engine.channel, Envelope.of(task.id, new Dispatch(task.id, task.client.uuid, task.attempt(),
                task.timeoutMillis, task.spec.retainedDuplicate())));
    }

    private void pumpLoadBalanced() {
        pumpQueue();
        while (spilledCount > 0 && loadBalancedQueue.size() < config.queuedTasksInMemory() / 2) {
            if (!unspill(config.queuedTasksInMemory() / 2)) {
                break;
            }
            pumpQueue();
        }
    }

    /** Brings the oldest spilled tasks back into the queue in memory (values stay in the store until sent). */
    private boolean unspill(int n) {
        List<TaskStore.StoredTask> back = store.unspill(n);
        spilledCount = back.size() < n ? 0 : spilledCount - back.size();
        for (TaskStore.StoredTask t : back) {
            loadBalancedQueue.add(restored(t));
        }
        return !back.isEmpty();
    }

    /** A task read back from the store (spilled, or left by a controller that died), its client's again. */
    private TaskRecord restored(TaskStore.StoredTask t) {
        ClientSession client = clients.computeIfAbsent(t.clientUuid(), uuid -> new ClientSession(uuid, null));
        TaskRecord task = new TaskRecord(t.taskId(), client, t.submit(), t.submittedAt());
        holdOrLetGo(task);
        client.tasks.put(task.clientTaskId, task);
        return task;
    }

    /**
     * A waiting task keeps its value in memory while the values of waiting tasks fit
     * {@link ControllerConfig#queuedValueBytesInMemory}; past that, only the store has it until it is sent.
     */
    private void holdOrLetGo(TaskRecord task) {
        int bytes = task.spec.value().readableBytes();
        if (queuedValueBytes + bytes > config.queuedValueBytesInMemory()) {
            task.release();
            task.valueInStore = true;
        } else {
            task.heldValueBytes = bytes;
            queuedValueBytes += bytes;
        }
    }

    private void pumpQueue() {
        Iterator<TaskRecord> queue = loadBalancedQueue.iterator();
        while (!open.isEmpty() && queue.hasNext()) {
            TaskRecord task = queue.next();
            EngineSession engine = balancer.pick(open, task.avoidSessions.isEmpty() ? e -> true
                    : e -> !task.avoidSessions.contains(e.session));
            if (engine == null) {
                continue; // only engines this retry must avoid are free: later tasks may still go
            }
            queue.remove();
            send(engine, task);
        }
    }

    void result(EngineSession engine, Result result) {
        TaskRecord task = engine.inFlight.remove(result.taskId());
        if (task == null || engine.lost) {
            log.debug("ignoring a late result for task {} from {} session {}", result.taskId(), engine.describe(),
                    engine.session);
            result.release();
            return;
        }
        int before = engine.loadBalancedOutstanding;
        int limitBefore = engine.prefetch.limit();
        if (task.loadBalanced()) {
            engine.loadBalancedOutstanding--;
        }
        engine.prefetch.resultArrived(System.nanoTime(), engine.inFlight.size());
        if (task.loadBalanced() || engine.prefetch.limit() != limitBefore) {
            open.loadChanged(engine, before);
        }
        if (result.outcome().succeeded()) {
            engine.tasksDone++;
        } else {
            engine.tasksFailed++;
        }
        finish(task, result);
        releaseIfDrained(engine);
        pumpLoadBalanced();
    }

    /**
     * A draining engine leaves when told, not on its own: only here is it known that nothing more
     * is on its way to it, so no task can be lost in the wire between its drain and its goodbye.
     */
    private void releaseIfDrained(EngineSession engine) {
        if (engine.draining != null && engine.inFlight.isEmpty() && !engine.lost) {
            log.info("{} has drained; telling it to leave", engine.describe());
            out(engine.channel, Envelope.of(0, new dev.jcluster.protocol.Shutdown("drained: " + engine.draining, new int[] {engine.id})));
        }
    }

    /** Its value no longer counts against the memory a queue may hold. */
    private void leftQueue(TaskRecord task) {
        queuedValueBytes -= task.heldValueBytes;
        task.heldValueBytes = 0;
    }

    private void finish(TaskRecord task, Result result) {
        leftQueue(task);
        task.state = TaskRecord.State.DONE;
        history.add(task, result);
        task.client.tasks.remove(task.clientTaskId);
        task.release();
        if (result.outcome().succeeded()) {
            completed++;
        } else {
            failed++;
        }
        Result forwarded = result.forward(task.clientTaskId, task.submittedAt, List.copyOf(task.attempts));
        store.finished(task.id, task.client.uuid, forwarded);
        deliver(task.client, task.id, forwarded);
    }

    /** The result goes out now if the client is here, and is kept (memory, store) until the client says it has it. */
    private void deliver(ClientSession client, long taskId, Result result) {
        client.untaken.put(result.taskId(), new ClientSession.Untaken(taskId, result));
        heldResults++;
        if (client.connected()) {
            out(client.channel, Envelope.of(0, result.withValue(result.value().retainedDuplicate())));
        } else if (heldResults > config.maxRetainedResults()) {
            letGoOfOldestHeld();
        }
    }

    /** Too many results wait for absent clients: keep the oldest in the store only, or, with no store, drop it. */
    private void letGoOfOldestHeld() {
        for (ClientSession c : clients.values()) {
            if (c.connected()) {
                continue;
            }
            Iterator<ClientSession.Untaken> it = c.untaken.values().iterator();
            while (it.hasNext()) {
                ClientSession.Untaken u = it.next();
                if (u.result == null) {
                    continue;
                }
                u.result.release();
                u.result = null;
                heldResults--;
                if (!store.durable()) {
                    it.remove();
                    log.warn("dropped an untaken result of client {}: more than {} results are waiting for clients "
                            + "and this controller has no store", c.uuid, config.maxRetainedResults());
                }
                return;
            }
        }
    }

    /** The client has these results: forget them. */
    void taken(ClientSession client, Taken taken) {
        for (long id : taken.taskIds()) {
            ClientSession.Untaken u = client.untaken.remove(id);
            if (u == null) {
                continue;
            }
            if (u.result != null) {
                u.result.release();
                heldResults--;
            }
            store.taken(u.taskId);
        }
    }

    void cancel(ClientSession client, Cancel cancel) {
        TaskRecord task = client.tasks.get(cancel.taskId());
        if (task == null && spilledCount > 0) {
            TaskStore.StoredTask spilled = store.unspill(client.uuid, cancel.taskId());
            if (spilled != null) {
                spilledCount--;
                task = restored(spilled);
            }
        }
        if (task == null) {
            return;
        }
        if (task.state == TaskRecord.State.QUEUED) {
            loadBalancedQueue.remove(task);
            finish(task, Result.failure(task.id, -1, "", Outcome.CANCELLED, task.submittedAt,
                    "java.util.concurrent.CancellationException", "cancelled before it started", List.of()));
        } else if (task.state == TaskRecord.State.RUNNING) {
            out(task.engine.channel, Envelope.of(0, new Cancel(task.id)));
        }
    }

    /** Lines a streaming task printed: on to the client that submitted it, if it is there. */
    void output(EngineSession engine, Output output) {
        TaskRecord task = engine.inFlight.get(output.taskId());
        if (task != null && task.client.connected()) {
            out(task.client.channel, Envelope.of(0, new Output(task.clientTaskId, engine.id, output.stderr(),
                    output.text())));
        }
    }

    // ---- queries

    TaskList tasks(TaskListRequest request) {
        return Queries.tasks(engines.values(), loadBalancedQueue, history, request);
    }

    TaskDetail task(long id) {
        return Queries.task(engines.values(), loadBalancedQueue, history, id);
    }

    // ---- engine loss and liveness

    void engineLost(EngineSession engine, String cause) {
        if (engine.lost) {
            return;
        }
        engine.lost = true;
        liveEngines--;
        repace(null);
        log.warn("{} lost: {}; {} task(s) in flight", engine.describe(), cause, engine.inFlight.size());
        engine.channel.close();
        List<TaskRecord> tasks = new ArrayList<>(engine.inFlight.values());
        engine.inFlight.clear();
        open.remove(engine);
        engine.loadBalancedOutstanding = 0;
        for (TaskRecord task : tasks) {
            task.attempts.add("attempt " + task.attempt() + ": " + engine.describe() + ": engine lost (" + cause + ")");
            if (task.loadBalanced() && task.attempts.size() <= task.retries) {
                requeueAvoiding(task, engine);
            } else {
                finish(task, Result.failure(task.id, engine.id, engine.hello.host(), Outcome.ENGINE_LOST,
                        task.submittedAt, ENGINE_LOST, engine.describe() + " was lost while running task "
                                + task.clientTaskId + " (" + cause + ")", List.of()));
            }
        }
        pumpLoadBalanced();
    }

    /**
     * The engine leaves soon (its batch job ends): it gets nothing more, and what it never started
     * goes to other engines as if it had never been sent (no attempt is spent); direct tasks for it
     * fail, since no other engine may run them.
     */
    void drain(EngineSession engine, dev.jcluster.protocol.Drain drain) {
        if (engine.lost) {
            return;
        }
        engine.draining = drain.reason();
        open.remove(engine);
        log.info("{} is draining ({}); {} unstarted task(s) given back", engine.describe(), drain.reason(),
                drain.returnedTaskIds().size());
        List<Long> ids = drain.returnedTaskIds();
        for (int i = ids.size() - 1; i >= 0; i--) {  // put back at the front in the order they were sent
            TaskRecord task = engine.inFlight.remove(ids.get(i));
            if (task == null) {
                continue;
            }
            if (task.loadBalanced()) {
                engine.loadBalancedOutstanding--;
                requeueAvoiding(task, engine);
            } else {
                finish(task, Result.failure(task.id, engine.id, engine.hello.host(), Outcome.ERROR, task.submittedAt,
                        NO_SUCH_ENGINE, engine.describe() + " gave task " + task.clientTaskId + " back unstarted: "
                                + drain.reason(), List.of()));
            }
        }
        releaseIfDrained(engine);
        pumpLoadBalanced();
    }

    /** Back to the front of the load-balanced queue, for any engine but this session of {@code engine}. */
    private void requeueAvoiding(TaskRecord task, EngineSession engine) {
        task.avoid(engine.session);
        task.state = TaskRecord.State.QUEUED;
        task.engine = null;
        loadBalancedQueue.addFirst(task);
    }

    void heartbeat(EngineSession engine, Heartbeat beat) {
        engine.lastSeenNanos = System.nanoTime();
        engine.load.update(beat);
    }

    /**
     * Engines silent for longer than the missed-beat limit are lost, and the controller beats when
     * its beat is due. Runs twenty times a period, so a lost engine is noticed at most a twentieth
     * of a period after its limit; at 10,000 engines the period is longer, and so is the time
     * between runs (each walks every engine, and every wake-up of an idle controller costs). Copies
     * nothing unless an engine is found silent.
     *
     * @return nanoseconds until it should run again
     */
    long livenessTick() {
        long now = System.nanoTime();
        long lag = now - lastLivenessCheckNanos - tickNanos;
        lastLivenessCheckNanos = now;
        if (lag > tickNanos) {
            // this controller could not look for a while (an overloaded machine): engines whose beats wait
            // unread in its sockets are not silent, so that time does not count against anyone
            for (EngineSession e : engines.values()) {
                e.lastSeenNanos = Math.min(now, e.lastSeenNanos + lag);
            }
        } else {
            loseSilentEngines(now);
        }
        beatIfDue(now);
        tickNanos = Math.max(MIN_TICK_NANOS, pace.periodNanos() / 20);
        return tickNanos;
    }

    private void loseSilentEngines(long now) {
        long limit = pace.lossLimitNanos(now);
        List<EngineSession> silent = null;
        for (EngineSession e : engines.values()) {
            if (!e.lost && now - e.lastSeenNanos > limit) {
                if (silent == null) {
                    silent = new ArrayList<>();
                }
                silent.add(e);
            }
        }
        if (silent != null) {
            for (EngineSession e : silent) {
                engineLost(e, "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos) + " ms");
            }
        }
    }

    /**
     * The controller's own beat, every {@link Heartbeat#CONTROLLER_PERIODS} periods, so that engines
     * can tell a silent controller from a busy one.
     */
    private void beatIfDue(long now) {
        if (now - lastBeatNanos < pace.controllerBeatNanos()) {
            return;
        }
        lastBeatNanos = now;
        for (EngineSession e : engines.values()) {
            if (!e.lost) {
                out(e.channel, Envelope.of(0, Heartbeat.EMPTY));
            }
        }
    }

    /**
     * A new period for a cluster that grew or shrank past what the heartbeat budget allows: every
     * engine is told but {@code welcomed}, which learns it from its welcome.
     */
    private void repace(EngineSession welcomed) {
        if (!pace.engines(liveEngines, System.nanoTime())) {
            return;
        }
        log.info("{} engines: heartbeat every {} ms (heartbeat.budget {} frames/s); a hung engine is noticed after"
                + " {} ms", liveEngines, pace.periodMillis(), config.heartbeatBudget(),
                pace.periodMillis() * (long) pace.missedBeats());
        Pace change = new Pace(pace.periodMillis());
        for (EngineSession e : engines.values()) {
            if (!e.lost && e != welcomed) {
                out(e.channel, Envelope.of(0, change));
            }
        }
    }

    // ---- classes on demand

    void classRequest(EngineSession engine, long messageId, ClassRequest request) {
        ClientSession client = clients.get(request.clientUuid());
        if (client == null) {
            out(engine.channel, Envelope.reply(messageId, ClassData.notFound(request.resourceName())));
            return;
        }
        if (!client.connected()) {
            // it may come back (a restored controller's engines often ask first); the engine waits, bounded
            List<ParkedClassRequest> parked = parkedClassRequests.computeIfAbsent(client.uuid, u -> new ArrayList<>());
            if (parked.size() < MAX_PARKED_CLASS_REQUESTS) {
                parked.add(new ParkedClassRequest(engine.channel, messageId, request));
            } else {
                out(engine.channel, Envelope.reply(messageId, ClassData.notFound(request.resourceName())));
            }
            return;
        }
        forwardClassRequest(client, engine.channel, messageId, request);
    }

    private void forwardClassRequest(ClientSession client, Channel engine, long engineMessageId, ClassRequest request) {
        long id = nextMessageId++;
        classRequests.put(id, new PendingClassRequest(engine, engineMessageId));
        out(client.channel, Envelope.of(id, request));
    }

    void classData(long replyTo, ClassData data) {
        PendingClassRequest pending = classRequests.remove(replyTo);
        if (pending != null && pending.engine().isActive()) {
            out(pending.engine(), Envelope.reply(pending.engineMessageId(), data));
        }
    }

    // ---- status and shutdown

    Status status() {
        int connected = (int) clients.values().stream().filter(ClientSession::connected).count();
        return Queries.status(config.clusterId(), startedNanos, engines.values(),
                (int) Math.min(Integer.MAX_VALUE, loadBalancedQueue.size() + spilledCount), submitted,
                completed, failed, connected, clients.values().stream().mapToLong(c -> c.untaken.size()).sum(),
                store.durable() ? store.size() : -1, pace.periodMillis(), pace.missedBeats(), pace.stretched());
    }

    void shutdown(Shutdown request) {
        if (request.engineIds().length == 0) {
            log.info("cluster shutdown requested: {}", request.reason());
            for (EngineSession e : engines.values()) {
                if (!e.lost) {
                    out(e.channel, Envelope.of(0, request));
                }
            }
            // clients would otherwise wait for this controller to come back, as after a crash
            for (ClientSession c : clients.values()) {
                if (c.connected()) {
                    out(c.channel, Envelope.of(0, request));
                }
            }
            flush();
            onClusterShutdown.run();
            return;
        }
        for (int id : request.engineIds()) {
            EngineSession e = engines.get(id);
            if (e != null && !e.lost) {
                log.info("stopping {}: {}", e.describe(), request.reason());
                out(e.channel, Envelope.of(0, request));
            }
        }
    }

    private void out(Channel channel, Envelope envelope) {
        channel.write(envelope, channel.voidPromise());
        unflushed.add(channel);
    }

    /**
     * Flushes every channel written since the last call; handlers call it when a read batch ends.
     * Commits of the store are grouped (one per {@code storeCommitInterval} at most): a client
     * hears its tasks are accepted only after the commit that recorded them, but its results never
     * wait for one, so the grouping costs no latency, and a task that starts and ends between two
     * commits costs the file nothing.
     */
    void flush() {
        long now = System.nanoTime();
        long wait = config.storeCommitInterval().toNanos() - (now - lastCommitNanos);
        if (!store.durable() || wait <= 0) {
            commit(now);
        } else if (!commitTimerSet && !timer.isShutdown() && (!acksDue.isEmpty() || store.unsaved())) {
            // a timer only when something waits: an idle controller that woke every 10 ms to find nothing
            // spent 1.6 % of a core here on the wake-ups alone (a virtual machine's timers are dear)
            commitTimerSet = true;
            timer.schedule(() -> {
                commitTimerSet = false;
                commit(System.nanoTime());
                flushChannels();
            }, wait, TimeUnit.NANOSECONDS);
        }
        flushChannels();
    }

    /** Records everything so far, then (once that is durable) tells clients which of their tasks are safe. */
    void commit(long now) {
        lastCommitNanos = now;
        if (acksDue.isEmpty()) {
            if (store.unsaved()) {
                commits.commit(() -> { });
            }
            return;
        }
        List<ClientSession> due = new ArrayList<>(acksDue.size());
        List<Long> upTo = new ArrayList<>(acksDue.size());
        for (ClientSession c : acksDue) {
            if (c.ackDue >= 0) {
                due.add(c);
                upTo.add(c.ackDue);
                c.ackDue = -1;
            }
        }
        acksDue.clear();
        commits.commit(() -> {
            for (int i = 0; i < due.size(); i++) {
                if (due.get(i).connected()) {
                    out(due.get(i).channel, Envelope.of(0, new Accepted(upTo.get(i))));
                }
            }
            flushChannels();
        });
    }

    private void flushChannels() {
        for (Channel c : unflushed) {
            c.flush();
        }
        unflushed.clear();
    }

    /** Engines still connected, for a graceful shutdown to wait on. */
    int liveEngines() {
        return liveEngines;
    }

    private String liveIds() {
        return engines.values().stream().filter(e -> !e.lost).map(e -> String.valueOf(e.id)).toList().toString();
    }
}
