package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.internal.Handshake;
import dev.jcluster.internal.HostName;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Output;
import dev.jcluster.client.OutputLine;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskDetailRequest;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.StatusRequest;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.ValueSerializer;
import dev.jcluster.protocol.Version;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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

/**
 * A client's connection to its controller: submits, correlates results to futures, serves class
 * files to engines. Submissions from any thread are queued and written in batches on the event
 * loop, one flush per batch, which is what makes tens of thousands of small tasks per second cheap.
 */
public final class ClientConnection implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientConnection.class);
    private final String uuid = UUID.randomUUID().toString();
    private final ValueSerializer serializer;
    private final ClassLoader loader;
    private final ClassServer classServer;
    private final EventLoopGroup loop;
    private final Channel channel;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<TaskOutcome>> tasks = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Message>> requests = new ConcurrentHashMap<>();
    private final Map<Long, java.util.function.Consumer<OutputLine>> listeners = new ConcurrentHashMap<>();
    private final Queue<Envelope> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile IOException closedBecause;

    private ClientConnection(ConnectionInfo info, ValueSerializer serializer, ClassLoader loader, Duration timeout)
            throws IOException {
        this.serializer = serializer;
        this.loader = loader;
        this.classServer = new ClassServer(loader);
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jcluster-client", true),
                NioIoHandler.newFactory());
        Hello hello = new Hello(Role.CLIENT, Version.CURRENT, Runtime.version().toString(), uuid, -1, HostName.get(),
                ProcessHandle.current().pid());
        try {
            this.channel = Handshake.connect(loop, info, hello, Pipelines.DEFAULT_MAX_FRAME_BYTES, timeout,
                    welcome -> new Inbound()).get().channel();
        } catch (ExecutionException | InterruptedException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    public static ClientConnection open(ConnectionInfo info, ValueSerializer serializer, ClassLoader loader,
                                        Duration timeout) throws IOException {
        return new ClientConnection(info, serializer, loader, timeout);
    }

    public ValueSerializer serializer() {
        return serializer;
    }

    /** A new client-side task id; the caller submits with it. */
    public long newTaskId() {
        return nextId.getAndIncrement();
    }

    /** Sends one task; the future completes with its outcome (never exceptionally unless the connection drops). */
    public CompletableFuture<TaskOutcome> submit(long taskId, int target, TaskOptions options, TaskSpec spec) {
        return submit(taskId, target, options, spec, null);
    }

    /** As above; with a listener, the task streams what it prints to it, line by line, while it runs. */
    public CompletableFuture<TaskOutcome> submit(long taskId, int target, TaskOptions options, TaskSpec spec,
                                                 java.util.function.Consumer<OutputLine> listener) {
        CompletableFuture<TaskOutcome> future = new CompletableFuture<>();
        if (listener != null) {
            listeners.put(taskId, listener);
            spec = spec.streaming();
            future.whenComplete((o, e) -> listeners.remove(taskId));
        }
        IOException closed = closedBecause;
        if (closed != null) {
            spec.value().release();
            future.completeExceptionally(closed);
            return future;
        }
        tasks.put(taskId, future);
        closed = closedBecause;
        if (closed != null && tasks.remove(taskId) != null) {
            // the connection dropped between the check and the put: nobody else will fail this future
            spec.value().release();
            future.completeExceptionally(closed);
            return future;
        }
        send(Envelope.of(taskId, new Submit(taskId, target, options.retries(), options.timeout().toMillis(), spec)));
        return future;
    }

    public void cancel(long taskId) {
        send(Envelope.of(0, new Cancel(taskId)));
    }

    public CompletableFuture<Status> status() {
        return request(new StatusRequest(), Status.class);
    }

    /** Asks the controller to stop engines ({@code ids}) or, with no ids, the whole cluster. */
    public CompletableFuture<Status> shutdown(String reason, int... ids) {
        return request(new Shutdown(reason, ids), Status.class);
    }

    public CompletableFuture<TaskList> tasks(TaskListRequest query) {
        return request(query, TaskList.class);
    }

    public CompletableFuture<TaskDetail> task(long id) {
        return request(new TaskDetailRequest(id), TaskDetail.class);
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
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Envelope e;
        int n = 0;
        while ((e = outbox.poll()) != null) {
            channel.write(e, channel.voidPromise());
            n++;
        }
        if (n > 0) {
            channel.flush();
        }
    }

    public boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private TaskOutcome outcome(Result r) {
        TaskMetadata meta = new TaskMetadata(r.taskId(), r.engineId(), r.host(), instant(r.submittedAt()),
                instant(r.startedAt()), instant(r.finishedAt()), r.stdout(), r.stderr(), r.attempts());
        try {
            if (!r.outcome().succeeded()) {
                return new TaskOutcome(null, r.exitCode(), new RemoteException(r.engineId(), r.errorClass(),
                        r.errorMessage(), r.errorTrace(), meta), meta);
            }
            Object value = serializer.decode(r.value(), loader);
            return new TaskOutcome(value, r.exitCode(), null, meta);
        } catch (RuntimeException e) {
            return new TaskOutcome(null, r.exitCode(), new RemoteException(r.engineId(), e.getClass().getName(),
                    "the result arrived but cannot be decoded here: " + e.getMessage(), "", meta), meta);
        } finally {
            r.release();
        }
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    /** Frames from the controller. New per connection. */
    private final class Inbound extends SimpleChannelInboundHandler<Envelope> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
            Message m = envelope.message();
            if (m instanceof Result r) {
                CompletableFuture<TaskOutcome> f = tasks.remove(r.taskId());
                if (f == null) {
                    r.release();
                } else {
                    f.complete(outcome(r));
                }
            } else if (m instanceof ClassRequest request) {
                ctx.writeAndFlush(Envelope.reply(envelope.id(), classServer.answer(request)));
            } else if (m instanceof Output o) {
                java.util.function.Consumer<OutputLine> l = listeners.get(o.taskId());
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
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException e = new IOException("lost the connection to the controller");
            closedBecause = e;
            tasks.values().forEach(f -> f.completeExceptionally(e));
            tasks.clear();
            requests.values().forEach(f -> f.completeExceptionally(e));
            requests.clear();
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
