package dev.jcluster.engine;

import com.sun.management.OperatingSystemMXBean;
import dev.jcluster.internal.Backoff;
import dev.jcluster.internal.DataLink;
import dev.jcluster.internal.Handshake;
import dev.jcluster.internal.HostName;
import dev.jcluster.internal.Transport;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.DataKey;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Transfer;
import dev.jcluster.protocol.Version;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine: connects out to its controller, registers, heartbeats, runs what it is sent, and
 * reconnects with the same id (its JShell state intact) when the controller goes away and comes
 * back before the reconnect deadline. Runs in its own process or, for in-process clusters, as
 * threads inside another JVM.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final Duration CLASS_FETCH_TIMEOUT = Duration.ofSeconds(30);

    private final EngineConfig config;
    private final String uuid;
    private final String host = HostName.get();
    private final EventLoopGroup loop;
    /** Where clients send large values straight to this engine, and take its large results; null: none. */
    private final DataPort dataPort;
    private final SecureRandom transferIds = new SecureRandom();
    private final Map<String, ClassLoader> loaders = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ClassData>> classRequests = new ConcurrentHashMap<>();
    private final ClassCache classCache = new ClassCache();
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile Channel channel;
    /** The largest value the controller relays, from its welcome (0: no limit). */
    private volatile long controllerMaxValue;
    private volatile int engineId;
    private volatile boolean stopping;
    /** Why this engine takes no more tasks (its batch job ends soon), or null. */
    private volatile String draining;
    private volatile TaskExecutor executor;
    /** What the engine's process exits with once terminated. */
    private volatile int exitStatus;

    private Engine(EngineConfig config) {
        this.config = config;
        this.uuid = config.uuid() != null ? config.uuid() : UUID.randomUUID().toString();
        this.engineId = config.engineId();
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jcluster-engine-io", true),
                Transport.current().ioHandlers());
        this.dataPort = openDataPort(config);
    }

    /** The data port, unless {@code -Djcluster.data-links=false} or it cannot be opened (values then go through the controller). */
    private static DataPort openDataPort(EngineConfig config) {
        if (!Boolean.parseBoolean(System.getProperty("jcluster.data-links", "true"))) {
            return null;
        }
        try {
            return DataPort.open(config.connection().addresses().get(0), config.connection().key());
        } catch (IOException | RuntimeException e) {
            log.warn("no data port ({}); large values go through the controller", e.getMessage());
            return null;
        }
    }

    /**
     * Connects and registers. A controller that does not answer yet (still starting, or on a machine
     * busy starting thirty engines) is tried again with backoff until the reconnect deadline, as after
     * losing it; a controller that refuses this engine is not.
     */
    public static Engine start(EngineConfig config) throws IOException {
        Engine engine = new Engine(config);
        long deadline = System.nanoTime() + config.reconnectDeadline().toNanos();
        Backoff backoff = new Backoff(200, 2000);
        while (true) {
            long backoffMillis = backoff.nextMillis();
            try {
                engine.connect().get();
                return engine;
            } catch (ExecutionException | InterruptedException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                boolean hopeless = cause instanceof Handshake.RefusedException || e instanceof InterruptedException
                        || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis) > deadline;
                if (hopeless) {
                    engine.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
                }
                log.warn("no controller yet ({}); trying again for up to {} s", cause.getMessage(),
                        TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                engine.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw new IOException("interrupted while waiting for the controller", e);
            }
        }
    }

    public int id() {
        return engineId;
    }

    /** Completes when the engine has stopped: asked to, or its controller stayed away past the deadline. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    TaskExecutor executor() {
        return executor;
    }

    /** 0 after a stop; {@link RestartLoop#EXIT_RESTART} or 1 after it ended itself to stop a stuck task. */
    public int exitStatus() {
        return exitStatus;
    }

    private CompletableFuture<Void> connect() {
        Hello hello = new Hello(Role.ENGINE, Version.CURRENT, Runtime.version().toString(), uuid, engineId, host,
                ProcessHandle.current().pid(), ValueLimits.fromHeap(), "",
                dataPort == null ? "" : dataPort.address());
        return Handshake.connect(loop, config.connection(), hello, config.maxFrameBytes(), config.connectTimeout(),
                welcome -> new ControllerLink(this, welcome)).thenAccept(this::registered);
    }

    private synchronized void registered(Handshake.Connected connected) {
        Welcome welcome = connected.welcome();
        Channel ch = connected.channel();
        engineId = welcome.engineId();
        controllerMaxValue = welcome.maxValueBytes();
        if (executor == null) {
            executor = newExecutor();
        }
        channel = ch;
        log.info("registered as engine {} (session {})", engineId, welcome.session());
        if (draining != null) {
            sendDrain(List.of());  // a new session of a draining engine: still send it nothing
        }
    }

    private TaskExecutor newExecutor() {
        return new TaskExecutor(engineId, host, config.serializer(), this::loaderFor, dataPort == null ? null
                : dataPort.arrivals(), new TaskExecutor.ResultSink() {
            @Override
            public void send(Result result, String clientUuid, boolean more) {
                Engine.this.send(straight(result, clientUuid), more);
            }

            @Override
            public void output(Output line) {
                Channel c = channel;
                if (c != null && c.isActive()) {
                    c.writeAndFlush(Envelope.of(0, line), c.voidPromise());
                }
            }

            @Override
            public void workerStuck(Result stopped, List<Dispatch> unstarted) {
                Engine.this.workerStuck(stopped, unstarted);
            }
        }, loop, config.taskStopGrace());
    }

    /**
     * A task ignored its timeout or cancel. In its own process the engine sends the task's result,
     * gives back what waited behind it, and exits for its restart loop to start it again under the
     * same id (the one way to stop a thread that ignores interrupts); inside another JVM it leaves
     * the thread behind and runs what waited on a new worker. Either way its JShell state is new.
     */
    private void workerStuck(Result stopped, List<Dispatch> unstarted) {
        EngineConfig.StuckWorkers stuck = config.stuckWorkers();
        if (!stuck.exitProcess()) {
            synchronized (this) {
                executor = newExecutor();
                unstarted.forEach(executor::submit);
            }
            log.error("task {} ignores its abort; its thread is left running and a new worker takes engine {}'s"
                    + " tasks", stopped.taskId(), engineId);
            send(stopped.withNote("its thread ignored the interrupt and still runs in this JVM; engine " + engineId
                    + " moved to a new worker, without its JShell variables, imports and pushed values"), false);
            return;
        }
        boolean restarts = stuck.restartFile() != null;
        if (restarts) {
            try {
                new RestartFile(engineId, uuid).write(stuck.restartFile());
            } catch (IOException e) {
                log.error("cannot write {} ({}); exiting without a restart", stuck.restartFile(), e.getMessage());
                restarts = false;
            }
        }
        String note = restarts
                ? "its thread ignored the interrupt, so engine " + engineId + " restarted to stop it: the engine's"
                        + " JShell variables, imports and pushed values are lost"
                : "its thread ignored the interrupt, so engine " + engineId + " exited to stop it (it was started"
                        + " without jcluster's restart loop, so nothing brings it back)";
        log.error("task {}: {}", stopped.taskId(), note);
        stopping = true;
        exitStatus = restarts ? RestartLoop.EXIT_RESTART : 1;
        Channel ch = channel;
        List<Long> returned = unstarted.stream().map(Dispatch::taskId).toList();
        unstarted.forEach(Dispatch::release);
        if (ch != null && ch.isActive()) {
            ch.write(Envelope.of(0, stopped.withNote(note)), ch.voidPromise());
            ch.writeAndFlush(Envelope.of(0, new Drain(returned, note, restarts)))
                    .addListener(f -> ch.close().addListener(c -> endProcess()));
            loop.schedule(this::endProcess, 5, TimeUnit.SECONDS);  // a controller that reads nothing more
        } else {
            stopped.release();
            endProcess();
        }
    }

    /** Ends the process's engine without closing the stuck worker: the JVM's exit ends that. */
    private void endProcess() {
        if (!terminated.isDone()) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> terminated.complete(null));
        }
    }

    /** What each beat carries; the executor is made once registered, and a beat may come first. */
    Heartbeat load() {
        TaskExecutor executor = this.executor;
        if (executor == null) {
            return Heartbeat.EMPTY;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            cpu = os.getProcessCpuLoad();
        }
        return new Heartbeat(executor.tasksDone(), executor.tasksRunning(), heap.getUsed(), heap.getMax(), cpu,
                residentBytes());
    }

    /** Resident memory of this process (Linux /proc), 0 where unknown. */
    private static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * A large result goes to its client on the client's data link, when it has one here, and the
     * controller gets the result without its value; otherwise, or if the link fails, as it is.
     */
    private Result straight(Result result, String clientUuid) {
        int bytes = result.value().readableBytes();
        boolean large = bytes >= DataLink.DIRECT_BYTES && clientUuid != null;
        DataLink link = large && dataPort != null ? dataPort.linkOf(clientUuid, bytes) : null;
        if (link == null) {
            return result;
        }
        long id = transferIds.nextLong() | 1;
        try {
            link.send(id, result.value());
        } catch (IOException e) {
            log.info("result of task {} goes through the controller: the data link failed ({})", result.taskId(),
                    e.getMessage());
            return result;
        }
        result.release();
        return result.withTransfer(new Transfer(id, bytes));
    }

    private void send(Result result, boolean more) {
        int bytes = result.value().readableBytes();
        if (!ValueLimits.within(bytes, controllerMaxValue)) {
            // sent, it would break the connection to a controller that cannot hold it, and run again
            result.release();
            result = Result.valueTooLarge(result.taskId(), engineId, host, 0, "this task's result on engine " + engineId
                    + " is " + ValueLimits.bytes(bytes) + ", over the controller's limit of "
                    + ValueLimits.bytes(controllerMaxValue) + " (a third of its heap: controller.jvm-options -Xmx;"
                    + " or controller.max-value)");
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            log.warn("result of task {} dropped: not connected (the controller re-runs or fails it)", result.taskId());
            result.release();
            return;
        }
        if (more) {
            ch.write(Envelope.of(0, result), ch.voidPromise());
        } else {
            ch.writeAndFlush(Envelope.of(0, result), ch.voidPromise());
        }
    }

    /** The controller says this client will not come back: its classes go with its loader. */
    void clientGone(String clientUuid) {
        if (dataPort != null) {
            dataPort.clientGone(clientUuid);
        }
        if (loaders.remove(clientUuid) != null) {
            log.debug("dropped the class loader of client {}, gone for good", clientUuid);
        }
    }

    /** The controller says a client may open data links here. */
    void dataKey(DataKey key) {
        if (dataPort != null) {
            dataPort.key(key);
        }
    }

    /** Clients the controller has given this engine a data link key for (0 without a data port). */
    int dataLinkKeys() {
        return dataPort == null ? 0 : dataPort.linkKeys();
    }

    /** Clients whose classes this engine holds a loader for. */
    int clientLoaders() {
        return loaders.size();
    }

    private ClassLoader loaderFor(String clientUuid) {
        return loaders.computeIfAbsent(clientUuid,
                id -> new ClientClassLoader(Engine.class.getClassLoader(), id, this::fetchClass));
    }

    private byte[] fetchClass(String clientUuid, String resourceName) throws IOException, InterruptedException {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            throw new IOException("not connected to the controller");
        }
        long id = nextMessageId.getAndIncrement();
        CompletableFuture<ClassData> answer = new CompletableFuture<>();
        classRequests.put(id, answer);
        try {
            ch.writeAndFlush(Envelope.of(id, new ClassRequest(clientUuid, resourceName,
                    classCache.knownHash(resourceName))));
            ClassData data = answer.get(CLASS_FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!data.found()) {
                return null;
            }
            if (data.bytes().length == 0) {
                byte[] cached = classCache.bytesFor(resourceName, data.hash());
                if (cached != null) {
                    return cached;
                }
                throw new IOException("the client said this engine has " + resourceName + " cached, but it has not");
            }
            if (!MessageDigest.isEqual(sha256(data.bytes()), data.hash())) {
                throw new IOException(resourceName + " arrived with a hash that does not match its bytes");
            }
            classCache.put(resourceName, data.hash(), data.bytes());
            return data.bytes();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + CLASS_FETCH_TIMEOUT.toSeconds() + " s");
        } finally {
            classRequests.remove(id);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void classArrived(long replyTo, ClassData data) {
        CompletableFuture<ClassData> f = classRequests.get(replyTo);
        if (f != null) {
            f.complete(data);
        }
    }

    /** At {@code when}, stop taking tasks, give back what has not started, finish what runs, and leave. */
    void drainAt(Instant when, String reason) {
        long delay = Math.max(0, Duration.between(Instant.now(), when).toMillis());
        log.info("will stop taking tasks at {}: {}", when, reason);
        loop.schedule(() -> drain(reason), delay, TimeUnit.MILLISECONDS);
    }

    synchronized void drain(String reason) {
        if (draining != null || stopping) {
            return;
        }
        draining = reason;
        List<Dispatch> back = executor == null ? List.of() : executor.takeQueued();
        sendDrain(back.stream().map(Dispatch::taskId).toList());
        back.forEach(Dispatch::release);
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            // the controller says when to leave: only it knows whether another task is already on its way here
            log.warn("draining ({}): gave back {} unstarted task(s); leaving when the controller has taken the rest",
                    reason, back.size());
        } else if (executor == null) {
            stopRequested();
        } else {
            log.warn("draining ({}) with no controller to tell; leaving once the running task is done", reason);
            executor.whenIdle(this::stopRequested);
        }
    }

    boolean draining() {
        return draining != null;
    }

    /** A task that arrived after the drain began goes straight back. */
    void giveBack(Dispatch task) {
        sendDrain(List.of(task.taskId()));
        task.release();
    }

    private void sendDrain(List<Long> returned) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(Envelope.of(0, new Drain(returned, draining)), ch.voidPromise());
        }
    }

    void stopRequested() {
        stopping = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        shutdown();
    }

    /** The session ended; unless stopping, reconnect with backoff until the deadline. */
    void disconnected(Channel ch) {
        if (ch != channel) {
            return;
        }
        classRequests.values().forEach(f -> f.completeExceptionally(new IOException("connection to the controller lost")));
        if (stopping) {
            shutdown();
            return;
        }
        executor.dropQueued();
        long deadline = System.nanoTime() + config.reconnectDeadline().toNanos();
        log.warn("lost the controller; reconnecting for up to {} s", config.reconnectDeadline().toSeconds());
        reconnect(deadline, new Backoff(200, 2000));
    }

    private void reconnect(long deadline, Backoff backoff) {
        if (stopping) {
            return;
        }
        if (System.nanoTime() > deadline) {
            log.error("the controller did not come back within {} s; engine {} exits",
                    config.reconnectDeadline().toSeconds(), engineId);
            shutdown();
            return;
        }
        loop.schedule(() -> connect().whenComplete((ok, failure) -> {
            if (failure != null) {
                log.info("reconnect failed: {}", failure.getMessage());
                reconnect(deadline, backoff);
            }
        }), backoff.nextMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void shutdown() {
        if (terminated.isDone()) {
            return;
        }
        stopping = true;
        if (executor != null) {
            executor.close();
        }
        if (dataPort != null) {
            dataPort.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> terminated.complete(null));
    }

    @Override
    public void close() {
        stopRequested();
        terminated.join();
    }
}
