package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.ValueSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns results into outcomes for their futures. A small value is decoded at once on the
 * connection's I/O thread (a hand-off would cost more than the decoding); a large one on a thread
 * of its own, so that it holds up no other result, heartbeat or class request. Threads come and
 * go with large results, at most one per core.
 */
final class ResultDecoder implements AutoCloseable {
    /** Values from this size on are decoded off the I/O thread. */
    static final int OFF_LOOP_BYTES = 64 * 1024;

    private final ValueSerializer serializer;
    /** Where a result's value that came straight from its engine waits. */
    private final DataRoutes routes;
    private final ClassLoader loader;
    private final ThreadPoolExecutor decoders;

    ResultDecoder(ValueSerializer serializer, ClassLoader loader, DataRoutes routes) {
        this.routes = routes;
        this.serializer = serializer;
        this.loader = loader;
        int threads = Runtime.getRuntime().availableProcessors();
        this.decoders = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("jcluster-client-decoder", true));
        decoders.allowCoreThreadTimeOut(true);
    }

    /** Completes {@code future} with the result's outcome, now or soon; the result is released either way. */
    void complete(CompletableFuture<TaskOutcome> future, Result r) {
        if (!r.transfer().isDirect() && r.value().readableBytes() < OFF_LOOP_BYTES || decoders.isShutdown()) {
            future.complete(outcome(r));
        } else {
            decoders.execute(() -> future.complete(outcome(r)));
        }
    }

    /** The result's outcome, decoded on the calling thread; the result is released. */
    TaskOutcome outcome(Result r) {
        TaskMetadata meta = new TaskMetadata(r.taskId(), r.engineId(), r.host(), instant(r.submittedAt()),
                instant(r.startedAt()), instant(r.finishedAt()), r.stdout(), r.stderr(), r.attempts(),
                r.cpuNanos() < 0 ? null : Duration.ofNanos(r.cpuNanos()));
        try {
            if (!r.outcome().succeeded()) {
                return new TaskOutcome(null, r.exitCode(), new RemoteException(r.engineId(), r.errorClass(),
                        r.errorMessage(), r.errorTrace(), meta), meta);
            }
            Object value = serializer.decode(r.transfer().isDirect() ? arrived(r) : r.value(), loader);
            return new TaskOutcome(value, r.exitCode(), null, meta);
        } catch (IOException e) {
            return new TaskOutcome(null, r.exitCode(), new RemoteException(r.engineId(), e.getClass().getName(),
                    e.getMessage(), "", meta), meta);
        } catch (RuntimeException e) {
            return new TaskOutcome(null, r.exitCode(), new RemoteException(r.engineId(), e.getClass().getName(),
                    "the result arrived but cannot be decoded here: " + e.getMessage(), "", meta), meta);
        } finally {
            r.release();
        }
    }

    /** The value engine sent straight on this client's data link (waiting for it if need be). */
    private ByteBuf arrived(Result r) throws IOException {
        return routes.take(r.engineId(), r.transfer(), "the result of task " + r.taskId() + " ("
                + ValueLimits.bytes(r.transfer().bytes()) + ", sent straight by engine " + r.engineId() + ")");
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    /** Decodings under way finish; nothing new is handed off. */
    @Override
    public void close() {
        decoders.shutdown();
    }
}
