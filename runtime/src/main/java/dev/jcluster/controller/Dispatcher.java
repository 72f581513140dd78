package dev.jcluster.controller;

import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Version;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    private final ControllerConfig config;
    private final LoadBalancer balancer;
    private final OpenEngines open;
    private final long startedNanos = System.nanoTime();
    private final TreeMap<Integer, EngineSession> engines = new TreeMap<>();
    private final Map<String, ClientSession> clients = new HashMap<>();
    private final Deque<TaskRecord> loadBalancedQueue = new ArrayDeque<>();
    private final Map<Long, PendingClassRequest> classRequests = new HashMap<>();
    private final Runnable onClusterShutdown;
    private final TaskHistory history;
    private long nextTaskId = 1;
    private long nextSession = 1;
    private long nextMessageId = 1;
    private int nextEngineId;
    private int retainedResults;
    private long submitted;
    private long completed;
    private long failed;

    /** Channels written to since the last flush: one flush per batch of reads, not per message. */
    private final Set<Channel> unflushed = new HashSet<>();

    private record PendingClassRequest(Channel engine, long engineMessageId) {
    }

    Dispatcher(ControllerConfig config, Runnable onClusterShutdown) {
        this.config = config;
        this.balancer = LoadBalancer.of(config.scheduling());
        this.open = new OpenEngines(config.maxOutstandingPerEngine());
        this.onClusterShutdown = onClusterShutdown;
        this.history = new TaskHistory(config.historySize());
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
        EngineSession session = new EngineSession(id, nextSession++, hello, channel);
        engines.put(id, session);
        open.add(session);
        out(channel, Envelope.of(0, new Welcome(id, session.session, Version.CURRENT,
                (int) config.heartbeat().toMillis(), config.missedBeats())));
        log.info("{} registered (session {}, java {})", session.describe(), session.session, hello.javaVersion());
        pumpLoadBalanced();
        return session;
    }

    ClientSession registerClient(Hello hello, Channel channel) {
        ClientSession client = clients.computeIfAbsent(hello.uuid(), uuid -> new ClientSession(uuid, channel));
        client.channel = channel;
        out(channel, Envelope.of(0, new Welcome(-1, 0, Version.CURRENT,
                (int) config.heartbeat().toMillis(), config.missedBeats())));
        while (!client.retained.isEmpty()) {
            out(channel, client.retained.poll());
            retainedResults--;
        }
        log.info("client {} connected from {}", hello.uuid(), channel.remoteAddress());
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
    }

    // ---- tasks

    void submit(ClientSession client, Submit submit) {
        TaskRecord task = new TaskRecord(nextTaskId++, client, submit);
        submitted++;
        client.tasks.put(task.clientTaskId, task);
        if (task.loadBalanced()) {
            loadBalancedQueue.add(task);
            pumpLoadBalanced();
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

    private void send(EngineSession engine, TaskRecord task) {
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
        if (task.loadBalanced()) {
            engine.loadBalancedOutstanding--;
            open.loadChanged(engine, engine.loadBalancedOutstanding + 1);
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

    private void finish(TaskRecord task, Result result) {
        task.state = TaskRecord.State.DONE;
        history.add(task, result);
        task.client.tasks.remove(task.clientTaskId);
        task.release();
        if (result.outcome().succeeded()) {
            completed++;
        } else {
            failed++;
        }
        deliver(task.client, Envelope.of(0, result.forward(task.clientTaskId, task.submittedAt,
                List.copyOf(task.attempts))));
    }

    private void deliver(ClientSession client, Envelope envelope) {
        if (client.connected()) {
            out(client.channel, envelope);
            return;
        }
        client.retained.add(envelope);
        retainedResults++;
        if (retainedResults > config.maxRetainedResults()) {
            dropOldestRetained();
        }
    }

    private void dropOldestRetained() {
        for (ClientSession c : clients.values()) {
            Envelope oldest = c.retained.poll();
            if (oldest != null) {
                retainedResults--;
                oldest.message().release();
                log.warn("dropped an untaken result of client {}: more than {} results are waiting for clients",
                        c.uuid, config.maxRetainedResults());
                return;
            }
        }
    }

    void cancel(ClientSession client, Cancel cancel) {
        TaskRecord task = client.tasks.get(cancel.taskId());
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
        task.avoidSessions.add(engine.session);
        task.state = TaskRecord.State.QUEUED;
        task.engine = null;
        loadBalancedQueue.addFirst(task);
    }

    void heartbeat(EngineSession engine, Heartbeat beat) {
        engine.lastSeenNanos = System.nanoTime();
        engine.load = beat;
    }

    /** Called every heartbeat period: beat to every engine and declare the silent ones lost. */
    /** Engines silent for longer than the missed-beat limit are lost. Run often: detection is this late at most. */
    void checkLiveness() {
        long limit = config.heartbeat().toNanos() * config.missedBeats();
        long now = System.nanoTime();
        for (EngineSession e : new ArrayList<>(engines.values())) {
            if (!e.lost && now - e.lastSeenNanos > limit) {
                engineLost(e, "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos) + " ms");
            }
        }
    }

    /** The controller's own beat, once a period, so that engines can tell a silent controller from a busy one. */
    void beat() {
        for (EngineSession e : engines.values()) {
            if (!e.lost) {
                out(e.channel, Envelope.of(0, Heartbeat.EMPTY));
            }
        }
    }

    // ---- classes on demand

    void classRequest(EngineSession engine, long messageId, ClassRequest request) {
        ClientSession client = clients.get(request.clientUuid());
        if (client == null || !client.connected()) {
            out(engine.channel, Envelope.reply(messageId, ClassData.notFound(request.resourceName())));
            return;
        }
        long id = nextMessageId++;
        classRequests.put(id, new PendingClassRequest(engine.channel, messageId));
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
        return Queries.status(config.clusterId(), startedNanos, engines.values(), loadBalancedQueue.size(), submitted,
                completed, failed, connected);
    }

    void shutdown(Shutdown request) {
        if (request.engineIds().length == 0) {
            log.info("cluster shutdown requested: {}", request.reason());
            for (EngineSession e : engines.values()) {
                if (!e.lost) {
                    out(e.channel, Envelope.of(0, request));
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

    /** Flushes every channel written since the last call; handlers call it when a read batch ends. */
    void flush() {
        for (Channel c : unflushed) {
            c.flush();
        }
        unflushed.clear();
    }

    /** Engines still connected, for a graceful shutdown to wait on. */
    int liveEngines() {
        return (int) engines.values().stream().filter(e -> !e.lost).count();
    }

    private String liveIds() {
        return engines.values().stream().filter(e -> !e.lost).map(e -> String.valueOf(e.id)).toList().toString();
    }
}
