package dev.jcluster.engine;

import dev.jcluster.client.RemoteFunction;
import dev.jcluster.client.internal.EngineScope;
import dev.jcluster.internal.Arrivals;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.WorkKind;
import dev.jcluster.protocol.ValueSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an engine's tasks one at a time, in arrival order, on one worker thread, so that a task
 * sees the effects of the ones before it (files, JShell state) as on an IPython engine.
 */
final class TaskExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);
    /** How long a task waits for a value its client sends straight; the client sends it with the task. */
    private static final Duration VALUE_WAIT = Duration.ofSeconds(60);
    private static final Queued STOP = new Queued(new Dispatch(-1, "", 0, 0, TaskSpec.code("")), -1);

    /** Where finished results go; {@code more} says whether another task is already waiting. */
    interface ResultSink {
        /** {@code clientUuid}: whose task it was (null when not known). */
        void send(Result result, String clientUuid, boolean more);

        /** A line a streaming task printed. */
        void output(Output line);

        /**
         * The running task ignored its abort for the grace period. {@code stopped} is its result and
         * {@code unstarted} what was queued behind it; this executor runs nothing more, so the engine
         * must replace its worker (see {@link Engine}).
         */
        void workerStuck(Result stopped, List<Dispatch> unstarted);
    }

    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    /**
     * Sessions with the controller this executor has seen end ({@link #dropQueued}): a task keeps
     * the number it came under, and its result goes nowhere once that session is over, since a
     * controller that restarted may have given its id to another task.
     */
    private final AtomicInteger sessionsEnded = new AtomicInteger();
    private final ValueSerializer serializer;
    /** Values sent straight from clients (null: this engine has no data port). */
    private final Arrivals arrivals;
    private final Function<String, ClassLoader> loaders;
    private final ResultSink sink;
    private final ScheduledExecutorService timer;
    private final int engineId;
    /** What the Refs of its tasks read: the session's names. */
    private final SessionNames names;
    private final String host;
    private final JShellSession jshell = new JShellSession();
    private final ShellRunner shell = new ShellRunner();
    private final FunctionCache functions = new FunctionCache();
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    /** Taken from the queue and not yet answered: the result is only sent after `running` drops. */
    private final AtomicInteger inHand = new AtomicInteger();
    private final AtomicReference<Runnable> onIdle =
            new AtomicReference<>();
    private final Thread worker;
    /** How long a task may ignore an abort before the worker is given up. */
    private final Duration stopGrace;
    private volatile Running current;

    /**
     * The task on the worker now, why it is being aborted (null while it is not), and who reports
     * its end: the worker when it returns, or the executor giving the worker up, whichever is first.
     */
    private static final class Running {
        final Dispatch task;
        final long startedAt = System.currentTimeMillis();
        final OutputCapture.Buffers output = new OutputCapture.Buffers();
        final AtomicBoolean reported = new AtomicBoolean();
        volatile Outcome abortedAs;

        Running(Dispatch task) {
            this.task = task;
        }

        /** True for the one caller that reports this task's end. */
        boolean claimReport() {
            return reported.compareAndSet(false, true);
        }
    }

    /** A task as queued, with the session it came in (see {@link #sessionsEnded}). */
    private record Queued(Dispatch task, int session) {
    }

    TaskExecutor(int engineId, String host, ValueSerializer serializer, Function<String, ClassLoader> loaders,
                 Arrivals arrivals, ResultSink sink, ScheduledExecutorService timer, Duration stopGrace) {
        this.engineId = engineId;
        this.arrivals = arrivals;
        this.host = host;
        this.serializer = serializer;
        this.loaders = loaders;
        this.sink = sink;
        this.timer = timer;
        this.stopGrace = stopGrace;
        this.names = new SessionNames(jshell, engineId);
        OutputCapture.install();
        this.worker = new Thread(this::loop, "jcluster-engine-" + engineId + "-worker");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    void submit(Dispatch task) {
        queue.add(new Queued(task, sessionsEnded.get()));
    }

    long tasksDone() {
        return done.get();
    }

    int tasksRunning() {
        return running.get() + queue.size();
    }

    /** Drops a queued task, or aborts the running one; either way a CANCELLED result is sent. */
    void cancel(long taskId) {
        for (Queued q : queue) {
            if (q.task().taskId() == taskId && queue.remove(q)) {
                q.task().release();
                sink.send(Result.cancelledBeforeStart(taskId, engineId, host, 0), null, !queue.isEmpty());
                return;
            }
        }
        abort(taskId, Outcome.CANCELLED);
    }

    /**
     * The session with the controller ended: queued work is forgotten (the controller has given it
     * to others), and the running task's result will be dropped rather than sent to the next session.
     */
    void dropQueued() {
        sessionsEnded.incrementAndGet();
        Queued q;
        while ((q = queue.poll()) != null) {
            q.task().release();
        }
    }

    /**
     * Interrupts the task (and stops JShell code); code that ignores the interrupt, as a tight loop
     * does, is given up after the grace period.
     */
    private void abort(long taskId, Outcome why) {
        Running r = current;
        if (r != null && r.task.taskId() == taskId && r.abortedAs == null) {
            r.abortedAs = why;
            jshell.stopRunning();
            worker.interrupt();
            timer.schedule(() -> giveUpIfStillRunning(r), stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void giveUpIfStillRunning(Running r) {
        if (!r.claimReport()) {
            return;  // it stopped within the grace period
        }
        log.warn("task {} ignored its {} for {} ms; giving up worker {}", r.task.taskId(),
                r.abortedAs == Outcome.TIMEOUT ? "timeout" : "cancel", stopGrace.toMillis(), worker.getName());
        sink.workerStuck(abortedResult(r, System.currentTimeMillis()), takeQueued());
    }

    private Result abortedResult(Running r, long finishedAt) {
        return Result.aborted(r.task.taskId(), engineId, host, r.abortedAs, r.task.timeoutMillis(), r.startedAt,
                finishedAt, r.output.out.text(), r.output.err.text());
    }

    private void loop() {
        while (true) {
            Queued taken;
            try {
                taken = queue.take();
            } catch (InterruptedException e) {
                continue; // an abort that arrived between tasks
            }
            if (taken == STOP) {
                return;
            }
            Dispatch task = taken.task();
            inHand.incrementAndGet();
            Running r = new Running(task);
            Result result = runOne(r);
            if (!r.claimReport()) {
                result.release();
                return;  // this worker was given up while the task ignored its abort; the engine replaced it
            }
            Thread.interrupted(); // an abort that came late must not hit the next task
            if (taken.session() == sessionsEnded.get()) {
                sink.send(result, task.clientUuid(), !queue.isEmpty());
            } else {
                log.info("result of task {} dropped: it came in a session with the controller that has ended"
                        + " (the controller runs it again)", task.taskId());
                result.release();
            }
            inHand.decrementAndGet();
            if (queue.isEmpty()) {
                fireIdle();
            }
        }
    }

    /** Takes back every task not started yet, in the order they came (for a draining engine to return). */
    List<Dispatch> takeQueued() {
        List<Queued> taken = new ArrayList<>();
        queue.drainTo(taken);
        List<Dispatch> out = new ArrayList<>(taken.size());
        for (Queued q : taken) {
            if (q == STOP) {
                queue.add(q);
            } else {
                out.add(q.task());
            }
        }
        return out;
    }

    /** Runs {@code action} once no task runs and none waits, and its result has been sent: now, if so already. */
    void whenIdle(Runnable action) {
        onIdle.set(action);
        if (inHand.get() == 0 && queue.isEmpty()) {
            fireIdle();
        }
    }

    private void fireIdle() {
        Runnable r = onIdle.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    private Result runOne(Running r) {
        Dispatch task = r.task;
        current = r;
        running.incrementAndGet();
        ScheduledFuture<?> timeout = task.timeoutMillis() > 0
                ? timer.schedule(() -> abort(task.taskId(), Outcome.TIMEOUT), task.timeoutMillis(), TimeUnit.MILLISECONDS)
                : null;
        OutputCapture.Buffers output = r.output;
        if (task.spec().stream()) {
            output.forward(new LineForwarder(line -> sink.output(new Output(task.taskId(), engineId, false, line))),
                    new LineForwarder(line -> sink.output(new Output(task.taskId(), engineId, true, line))));
        }
        OutputCapture.begin(output);
        long started = r.startedAt;
        long cpuAtStart = threadCpuNanos();
        int exitCode = 0;
        ByteBuf value = Unpooled.EMPTY_BUFFER;
        Throwable failure = null;
        try (EngineScope.Entered scope = EngineScope.enter(names)) {
            TaskSpec spec = withValue(task);
            switch (spec.kind()) {
                case JAVA -> value = serializer.encode(call(serializer.decode(spec.value(),
                        loaders.apply(task.clientUuid()))), ByteBufAllocator.DEFAULT);
                case APPLY, APPLY_REF -> value = serializer.encode(apply(task), ByteBufAllocator.DEFAULT);
                case CODE -> value = serializer.encode(jshell.eval(spec.text()), ByteBufAllocator.DEFAULT);
                case PUSH -> jshell.push(spec.text(), serializer.decode(spec.value(), loaders.apply(task.clientUuid())));
                case PULL -> value = serializer.encode(jshell.pull(spec.text()), ByteBufAllocator.DEFAULT);
                case SHELL -> {
                    exitCode = shell.run(spec, output.out, output.err);
                    value = serializer.encode(exitCode, ByteBufAllocator.DEFAULT);
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            output.closeForwarding();
            OutputCapture.end();
            if (timeout != null) {
                timeout.cancel(false);
            }
            current = null;
            running.decrementAndGet();
            task.release();
        }
        done.incrementAndGet();
        long finished = System.currentTimeMillis();
        // a shell command's CPU time is its own process's, not this thread's: not measured
        long cpu = cpuAtStart < 0 || task.spec().kind() == WorkKind.SHELL ? -1 : threadCpuNanos() - cpuAtStart;
        Outcome aborted = r.abortedAs;
        if (aborted != null) {
            value.release();
            return abortedResult(r, finished);
        }
        if (failure != null) {
            if (!(failure instanceof Exception)) {
                log.error("task {} failed with an error", task.taskId(), failure);
            }
            String className = failure instanceof TaskFailure tf ? tf.className : failure.getClass().getName();
            String trace = failure instanceof TaskFailure tf ? tf.remoteTrace : stackTrace(failure);
            return Result.failed(task.taskId(), engineId, host, started, finished, exitCode, output.out.text(),
                    output.err.text(), className, failure.getMessage(), trace).withCpuNanos(cpu);
        }
        return Result.ok(task.taskId(), engineId, host, started, finished, exitCode, output.out.text(),
                output.err.text(), value).withCpuNanos(cpu);
    }

    /**
     * The task's spec with its value in hand: a value sent straight from the client is waited for
     * (the client sends it as it sends the task, on another connection, so it may come later).
     */
    private TaskSpec withValue(Dispatch task) throws IOException {
        TaskSpec spec = task.spec();
        if (!spec.transfer().isDirect()) {
            return spec;
        }
        String what = "the value of task " + task.taskId() + " (" + ValueLimits.bytes(spec.transfer().bytes())
                + ", sent straight from its client)";
        if (arrivals == null) {
            throw new IOException(what + " cannot arrive: engine " + engineId + " has no data port");
        }
        return spec.withArrived(arrivals.take(spec.transfer().id(), VALUE_WAIT, what));
    }

    /** CPU time of the calling thread, or -1 where the JVM does not measure it. */
    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** A function (decoded once per hash) over the task's argument list; the results in order. */
    private List<Object> apply(Dispatch task) throws Exception {
        ByteBuf value = task.spec().value().duplicate();
        ClassLoader loader = loaders.apply(task.clientUuid());
        Object fn;
        if (task.spec().kind() == WorkKind.APPLY_REF) {
            fn = functions.get(task.clientUuid(), task.spec().text(), () -> {
                throw new TaskFailure(Result.FUNCTION_MISSING, "engine has no function " + task.spec().text(), "");
            });
        } else {
            ByteBuf fnBytes = value.readSlice(value.readInt());
            fn = functions.get(task.clientUuid(), task.spec().text(), () -> serializer.decode(fnBytes, loader));
        }
        if (!(fn instanceof RemoteFunction<?, ?>)) {
            throw new IllegalArgumentException("not a RemoteFunction: " + fn.getClass().getName());
        }
        @SuppressWarnings("unchecked") RemoteFunction<Object, Object> f = (RemoteFunction<Object, Object>) fn;
        List<?> arguments = (List<?>) serializer.decode(value, loader);
        List<Object> out = new ArrayList<>(arguments.size());
        for (Object a : arguments) {
            out.add(f.apply(a));
        }
        return out;
    }

    private static Object call(Object work) throws Exception {
        if (work instanceof Callable<?> c) {
            return c.call();
        }
        if (work instanceof Runnable r) {
            r.run();
            return null;
        }
        throw new IllegalArgumentException("a Java task must be a Callable or Runnable, got "
                + (work == null ? "null" : work.getClass().getName()));
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Override
    public void close() {
        dropQueued();
        Running r = current;
        if (r != null) {
            abort(r.task.taskId(), Outcome.CANCELLED);
        }
        queue.add(STOP);
        jshell.close();
    }
}
