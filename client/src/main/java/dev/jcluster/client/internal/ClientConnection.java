package dev.jcluster.client.internal;

import dev.jcluster.client.OutputLine;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.internal.Backoff;
import dev.jcluster.internal.DataLink;
import dev.jcluster.internal.LinkKeys;
import dev.jcluster.internal.Handshake;
import dev.jcluster.internal.HostName;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.internal.Transport;
import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DataRoute;
import dev.jcluster.protocol.DataRouteRequest;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Note;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.StatusRequest;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Taken;
import dev.jcluster.protocol.FetchedResult;
import dev.jcluster.protocol.ResultRequest;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.protocol.TaskDetailRequest;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.Transfer;
import dev.jcluster.protocol.WorkKind;
import dev.jcluster.protocol.ValueSerializer;
import dev.jcluster.protocol.Version;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection to its controller: submits, correlates results to futures, serves class
 * files to engines. Submissions from any thread are queued and written in batches on the event
 * loop, one flush per batch, which is what makes tens of thousands of small tasks per second cheap.
 *
 * <p>When the controller goes away (it died and is being restored), the connection keeps its
 * futures and reconnects with backoff until the reconnect deadline, as the same client: it sends
 * again every task the controller had not yet confirmed ({@link Accepted}), and the controller
 * sends again every result this side has not confirmed ({@link Taken}); duplicates are dropped on
 * both sides, so each task runs and each result arrives once.
 */
public final class ClientConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** How long a client waits for a controller that went away to come back (restored) before failing its tasks. */
    public static final Duration DEFAULT_RECONNECT_DEADLINE = Duration.ofSeconds(60);
    private final String uuid = UUID.randomUUID().toString();
    private final ValueSerializer serializer;
    private final ClassServer classServer;
    private final ResultDecoder results;
    /** Links straight to engines for large values. */
    private final DataRoutes routes;
    private final SecureRandom transferIds = new SecureRandom();
    private final EventLoopGroup loop;
    private final ConnectionInfo info;
    private final Hello hello;
    private final Duration connectTimeout;
    private final Duration reconnectDeadline;
    private volatile Channel channel;
    private volatile boolean closing;
    /** Submissions written and not yet confirmed, in the order written; only touched on the event loop. */
    private final LinkedHashMap<Long, Submit> unacked = new LinkedHashMap<>();
    /** Results read in this batch, confirmed to the controller when the batch ends; event loop only. */
    private final List<Long> arrived = new ArrayList<>();
    /** Connections a submission was sent on that broke before the controller confirmed it; event loop only. */
    private final Map<Long, Integer> brokenSends = new HashMap<>();
    /** In {@link #unacked}: a task whose result came before its confirmation; nothing to send again. */
    private static final Submit DONE = new Submit(-1, -1, 0, 0, TaskSpec.code(""));
    /** A submission that broke this many connections in a row fails instead of going again. */
    static final int MAX_BROKEN_SENDS = 3;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<TaskOutcome>> tasks = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Message>> requests = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<OutputLine>> listeners = new ConcurrentHashMap<>();
    private final Queue<Envelope> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile IOException closedBecause;
    /** The largest value the controller relays, from its welcome (0: no limit). */
    private volatile long maxValueBytes;

    private ClientConnection(ConnectionInfo info, ValueSerializer serializer, ClassLoader loader, Duration timeout,
                             Duration reconnectDeadline) throws IOException {
        this.info = info;
        this.connectTimeout = timeout;
        this.reconnectDeadline = reconnectDeadline;
        this.serializer = serializer;
        this.classServer = new ClassServer(loader);
        this.routes = new DataRoutes(uuid, LinkKeys.forClient(info.key(), uuid),
                engineId -> request(new DataRouteRequest(engineId), DataRoute.class));
        this.results = new ResultDecoder(serializer, loader, routes);
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jcluster-client", true),
                Transport.current().ioHandlers());
        this.hello = new Hello(Role.CLIENT, Version.CURRENT, Runtime.version().toString(), uuid, -1, HostName.get(),
                ProcessHandle.current().pid(), 0, newSecret());
        try {
            Handshake.Connected connected = Handshake.connect(loop, info, hello, Pipelines.DEFAULT_MAX_FRAME_BYTES,
                    timeout, welcome -> new Inbound()).get();
            this.channel = connected.channel();
            this.maxValueBytes = connected.welcome().maxValueBytes();
        } catch (ExecutionException | InterruptedException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            results.close();
            routes.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    public static ClientConnection open(ConnectionInfo info, ValueSerializer serializer, ClassLoader loader,
                                        Duration timeout) throws IOException {
        return new ClientConnection(info, serializer, loader, timeout, DEFAULT_RECONNECT_DEADLINE);
    }

    /** As above; {@code reconnectDeadline} zero fails every waiting task as soon as the controller goes away. */
    public static ClientConnection open(ConnectionInfo info, ValueSerializer serializer, ClassLoader loader,
                                        Duration timeout, Duration reconnectDeadline) throws IOException {
        return new ClientConnection(info, serializer, loader, timeout, reconnectDeadline);
    }

    public ValueSerializer serializer() {
        return serializer;
    }

    /** A new client-side task id; the caller submits with it. */
    public long newTaskId() {
        return nextId.getAndIncrement();
    }

    /** What resumes this client's session after a reconnect: 256 random bits, never sent to engines. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code count} consecutive client-side task ids, the first returned: for {@link #submitToAll}. */
    public long newTaskIds(int count) {
        return nextId.getAndAdd(count);
    }

    /**
     * Sends one task to run on every target as tasks {@code firstId}, {@code firstId + 1}... (ids
     * from {@link #newTaskIds}): its value leaves this client once and the controller fans it out.
     * The futures come in target order. A load-balanced task ({@link Submit#ANY_ENGINE}) goes only
     * to the engines in {@code onlyOn}, when there are any, and after what {@code needs} names.
     */
    public List<CompletableFuture<TaskOutcome>> submitToAll(long firstId, List<Integer> targets, TaskOptions options,
                                                           TaskSpec spec, Consumer<OutputLine> listener,
                                                           List<Integer> onlyOn, Submit.Needs needs) {
        List<CompletableFuture<TaskOutcome>> futures = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            long id = firstId + i;
            CompletableFuture<TaskOutcome> future = new CompletableFuture<>();
            if (listener != null) {
                listeners.put(id, listener);
                future.whenComplete((o, e) -> listeners.remove(id));
            }
            futures.add(future);
        }
        if (listener != null) {
            spec = spec.streaming();
        }
        IOException closed = closedBecause;
        if (closed != null) {
            return failAll(futures, spec, closed);
        }
        Direct direct = targets.size() == 1 ? direct(targets.get(0), spec) : null;
        if (direct != null) {
            spec = spec.withTransfer(direct.transfer());
        }
        int bytes = spec.value().readableBytes();  // what the controller relays: nothing of a direct value
        if (!ValueLimits.within(bytes, maxValueBytes)) {
            return failAll(futures, spec, new IOException("the value of task " + firstId + " is "
                    + ValueLimits.bytes(bytes) + ", over the controller's limit of " + ValueLimits.bytes(maxValueBytes)
                    + " (a third of its heap: controller.jvm-options -Xmx; or controller.max-value); nothing was sent"));
        }
        for (int i = 0; i < futures.size(); i++) {
            tasks.put(firstId + i, futures.get(i));
        }
        closed = closedBecause;
        if (closed != null && tasks.remove(firstId) != null) {
            // the connection dropped between the check and the put: nobody else will fail these futures
            for (int i = 1; i < futures.size(); i++) {
                tasks.remove(firstId + i);
            }
            if (direct != null) {
                direct.value().release();
            }
            return failAll(futures, spec, closed);
        }
        send(Envelope.of(firstId, new Submit(firstId, targets.get(0), options.retries(), options.timeout().toMillis(),
                spec, targets.subList(1, targets.size()), options.retryOn(), onlyOn, needs)));
        if (direct != null) {
            // sent beside the task, so that tasks keep their order on the engine: it waits for the value
            routes.send(direct.route(), direct.transfer().id(), direct.value()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    futures.get(0).completeExceptionally(new IOException("the value of task " + firstId + " ("
                            + ValueLimits.bytes(direct.transfer().bytes()) + ") could not be sent to engine "
                            + targets.get(0) + " on its data link: " + failure.getMessage(), failure));
                }
            });
        }
        return futures;
    }

    /** A value on its way to its engine on a data link, not in the task's frame. */
    private record Direct(DataRoutes.Route route, Transfer transfer, ByteBuf value) {
    }

    /**
     * How a direct task's value goes: on a data link (set up now if need be) when it is large and
     * the engine is reachable; null for the controller's route. A pull sets its link up too, for
     * the value to come back on it; other small tasks never do (large results do, see
     * {@link #relayedLarge}), so a client of small tasks pays nothing for links. Never waits on
     * this client's I/O thread, which the set-up itself needs.
     */
    private Direct direct(int target, TaskSpec spec) {
        if (target == Submit.ANY_ENGINE || loop.next().inEventLoop()) {
            return null;
        }
        boolean large = spec.value().readableBytes() >= DataLink.DIRECT_BYTES
                && (spec.kind() == WorkKind.PUSH || spec.kind() == WorkKind.JAVA);
        if (!large) {
            if (spec.kind() == WorkKind.PULL) {
                routes.usable(target, 0);  // set up now, for the value to come back on it
            }
            return null;
        }
        DataRoutes.Route route = routes.usable(target, spec.value().readableBytes());
        if (route == null) {
            return null;
        }
        long id = transferIds.nextLong() | 1;
        return new Direct(route, new Transfer(id, spec.value().readableBytes()), spec.value());
    }

    private static List<CompletableFuture<TaskOutcome>> failAll(List<CompletableFuture<TaskOutcome>> futures,
                                                               TaskSpec spec, IOException cause) {
        spec.value().release();
        futures.forEach(f -> f.completeExceptionally(cause));
        return futures;
    }

    public void cancel(long taskId) {
        send(Envelope.of(0, new Cancel(taskId)));
    }

    public CompletableFuture<Status> status() {
        return request(new StatusRequest(), Status.class);
    }

    /** Asks the controller to stop engines ({@code ids}) or, with no ids, the whole cluster. */
    public CompletableFuture<Status> shutdown(String reason, int... ids) {
        return shutdown(new Shutdown(reason, ids));
    }

    public CompletableFuture<Status> note(Note note) {
        return request(note, Status.class);
    }

    public CompletableFuture<Status> shutdown(Shutdown request) {
        return request(request, Status.class);
    }

    public CompletableFuture<TaskList> tasks(TaskListRequest query) {
        return request(query, TaskList.class);
    }

    public CompletableFuture<TaskDetail> task(long id) {
        return request(new TaskDetailRequest(id), TaskDetail.class);
    }

    /** A finished task's result by the controller's id, decoded (its value with this client's classes); or why there is none. */
    public CompletableFuture<Fetched> result(long id) {
        return request(new ResultRequest(id), FetchedResult.class).thenApply(f -> new Fetched(f.found(), f.state(),
                f.valueKept(), f.note(), f.found() && f.valueKept() && f.state() != TaskState.QUEUED
                        && f.state() != TaskState.RUNNING ? results.outcome(f.result()) : release(f)));
    }

    private static TaskOutcome release(FetchedResult f) {
        f.release();
        return null;
    }

    /** A fetched result: {@code outcome} null when the task is unknown ({@code found} false), not finished, or its value gone. */
    public record Fetched(boolean found, TaskState state, boolean valueKept, String note, TaskOutcome outcome) {
    }

    private <T extends Message> CompletableFuture<T> request(Message message, Class<T> answer) {
        long id = nextId.getAndIncrement();
        CompletableFuture<Message> f = new CompletableFuture<>();
        requests.put(id, f);
        IOException closed = closedBecause;
        if (closed != null) {
            requests.remove(id);
            f.completeExceptionally(closed);
        } else {
            send(Envelope.of(id, message));
        }
        return f.thenApply(answer::cast);
    }

    private void send(Envelope envelope) {
        outbox.add(envelope);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    /** Writes what waits in the outbox; while reconnecting it waits on (the new connection drains it). */
    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        if (!ch.isActive()) {
            return;
        }
        Envelope e;
        int n = 0;
        while ((e = outbox.poll()) != null) {
            if (e.message() instanceof Submit s) {
                // kept until the controller confirms it, to send again if this connection dies first
                unacked.put(s.taskId(), s.retainedDuplicate());
            }
            ch.write(e, ch.voidPromise());
            n++;
        }
        if (n > 0) {
            ch.flush();
        }
    }

    /**
     * A result proves its task was accepted, and may come before the (grouped) confirmation: the
     * copy kept to send again goes, but its place stays, since the confirmation names a position.
     */
    private void resultArrived(long taskId) {
        Submit kept = unacked.get(taskId);
        if (kept != null && kept != DONE) {
            kept.release();
            unacked.put(taskId, DONE);
        }
    }

    /**
     * A large result came through the controller: a link to its engine is set up now, so that the
     * next ones come straight (the engine sends results on a link its client has opened).
     */
    private void relayedLarge(Result r) {
        if (!r.transfer().isDirect() && r.engineId() >= 0 && r.outcome().succeeded()
                && r.value().readableBytes() >= DataLink.DIRECT_BYTES) {
            routes.prepare(r.engineId());
        }
    }

    /** Everything up to {@code taskId} (in the order written) is safe with the controller. */
    private void accepted(long taskId) {
        if (!unacked.containsKey(taskId)) {
            return;  // confirmed already (a resend after a reconnect is confirmed twice)
        }
        var it = unacked.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            it.remove();
            brokenSends.remove(entry.getKey());
            entry.getValue().release();
            if (entry.getKey() == taskId) {
                return;
            }
        }
    }

    /** The controller went away: try again with backoff, as the same client, until the deadline. */
    private void reconnect(long deadline, Backoff backoff, Throwable lastFailure) {
        if (closing) {
            return;
        }
        if (System.nanoTime() > deadline) {
            giveUp(new IOException("lost the connection to the controller, and it did not come back within "
                    + reconnectDeadline.toSeconds() + " s" + (lastFailure == null ? "" : ": " + lastFailure.getMessage())));
            return;
        }
        loop.schedule(() -> Handshake.connect(loop, info, hello, Pipelines.DEFAULT_MAX_FRAME_BYTES, connectTimeout,
                welcome -> new Inbound()).whenComplete((connected, failure) -> {
                    if (failure != null) {
                        reconnect(deadline, backoff, failure);
                    } else {
                        maxValueBytes = connected.welcome().maxValueBytes();
                        loop.execute(() -> resumed(connected.channel()));
                    }
                }), backoff.nextMillis(), TimeUnit.MILLISECONDS);
    }

    private void resumed(Channel ch) {
        if (closing) {
            ch.close();
            return;
        }
        channel = ch;
        for (Iterator<Submit> it = unacked.values().iterator(); it.hasNext(); ) {
            Submit s = it.next();
            if (s == DONE) {
                continue;
            }
            int broken = brokenSends.merge(s.taskId(), 1, Integer::sum);
            if (broken >= MAX_BROKEN_SENDS) {
                // the same submission broke every connection it went on (a value the controller cannot hold, say)
                it.remove();
                brokenSends.remove(s.taskId());
                IOException cause = new IOException("task " + s.taskId() + " was sent " + broken + " times and "
                        + "each time the connection to the controller broke before the controller accepted it ("
                        + s.spec().value().readableBytes() + "-byte value); it is not sent again. Is it larger than the "
                        + "controller can hold (controller.jvm-options -Xmx)? See the controller's log.");
                s.release();
                for (int i = 0; i < s.taskCount(); i++) {
                    CompletableFuture<TaskOutcome> f = tasks.remove(s.taskId() + i);
                    if (f != null) {
                        f.completeExceptionally(cause);
                    }
                }
                continue;
            }
            ch.write(Envelope.of(s.taskId(), s.retainedDuplicate()), ch.voidPromise());
        }
        LOG.info("reconnected to the controller; sent {} task(s) it had not confirmed again, {} waiting for results",
                unacked.size(), tasks.size());
        drain();
        ch.flush();
    }

    private void giveUp(IOException e) {
        closedBecause = e;
        tasks.values().forEach(f -> f.completeExceptionally(e));
        tasks.clear();
        requests.values().forEach(f -> f.completeExceptionally(e));
        requests.clear();
        loop.execute(() -> {
            unacked.values().forEach(Submit::release);
            unacked.clear();
            Envelope left;
            while ((left = outbox.poll()) != null) {
                left.message().release();
            }
        });
    }

    public boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public void close() {
        closing = true;
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        loop.execute(() -> {
            unacked.values().forEach(Submit::release);
            unacked.clear();
        });
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        results.close();
        routes.close();
    }

    /** Frames from the controller. New per connection. */
    private final class Inbound extends SimpleChannelInboundHandler<Envelope> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
            Message m = envelope.message();
            if (m instanceof Result r) {
                arrived.add(r.taskId());
                resultArrived(r.taskId());
                relayedLarge(r);
                CompletableFuture<TaskOutcome> f = tasks.remove(r.taskId());
                if (f == null) {
                    r.release();
                } else {
                    results.complete(f, r);
                }
            } else if (m instanceof Accepted a) {
                accepted(a.upToTaskId());
            } else if (m instanceof Shutdown s) {
                // the cluster is being stopped: no controller will come back, so nothing waits for one
                closing = true;
                giveUp(new IOException("the cluster was stopped: " + s.reason()));
            } else if (m instanceof ClassRequest request) {
                ctx.writeAndFlush(Envelope.reply(envelope.id(), classServer.answer(request)));
            } else if (m instanceof Output o) {
                Consumer<OutputLine> l = listeners.get(o.taskId());
                if (l != null) {
                    l.accept(new OutputLine(o.taskId(), o.engineId(), o.stderr(), o.text()));
                }
            } else if (envelope.replyTo() != 0 && requests.containsKey(envelope.replyTo())) {
                requests.remove(envelope.replyTo()).complete(m);
            } else {
                m.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!arrived.isEmpty()) {
                ctx.writeAndFlush(Envelope.of(0, new Taken(List.copyOf(arrived))), ctx.voidPromise());
                arrived.clear();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != channel) {
                return;
            }
            arrived.clear();
            IOException e = new IOException("lost the connection to the controller");
            requests.values().forEach(f -> f.completeExceptionally(e));
            requests.clear();
            if (closing || reconnectDeadline.isZero() || closedBecause != null) {
                giveUp(closedBecause != null ? closedBecause : e);
                return;
            }
            LOG.warn("lost the connection to the controller; {} task(s) wait for results; reconnecting for up to {} s",
                    tasks.size(), reconnectDeadline.toSeconds());
            reconnect(System.nanoTime() + reconnectDeadline.toNanos(), new Backoff(200, 1000), null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing the connection to the controller after an error", cause);
            ctx.close();
        }
    }

    /** Waits for a future with a deadline, turning its failure into an IOException. */
    public static <T> T await(CompletableFuture<T> f, Duration timeout) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer from the controller within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
