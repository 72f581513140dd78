package dev.jcluster.client;

import dev.jcluster.client.internal.ClientConnection;
import dev.jcluster.client.internal.TaskOutcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The handle of one submission, which may be many tasks (a map, an apply on several engines).
 * Asynchronous underneath ({@link #toCompletableFuture()}); {@link #get()} blocks. A task that
 * failed on an engine makes {@code get} throw its {@link RemoteException} (several: a
 * {@link CompositeRemoteException}); a lost connection is an {@link IOException}.
 */
public final class AsyncResult<T> {
    private final ClientConnection connection;
    private final List<Long> taskIds;
    private final List<CompletableFuture<TaskOutcome>> parts;
    private final CompletableFuture<T> whole;

    AsyncResult(ClientConnection connection, List<Long> taskIds, List<CompletableFuture<TaskOutcome>> parts,
                Function<List<TaskOutcome>, T> combine) {
        this.connection = connection;
        this.taskIds = List.copyOf(taskIds);
        this.parts = List.copyOf(parts);
        this.whole = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<TaskOutcome> outcomes = new ArrayList<>(parts.size());
            List<RemoteException> failures = new ArrayList<>();
            for (CompletableFuture<TaskOutcome> p : parts) {
                TaskOutcome o = p.join();
                outcomes.add(o);
                if (o.failed()) {
                    failures.add(o.failure());
                }
            }
            if (failures.size() == 1) {
                throw failures.get(0);
            }
            if (!failures.isEmpty()) {
                throw new CompositeRemoteException(failures);
            }
            return combine.apply(outcomes);
        });
    }

    /** Waits for every task; throws the remote failure(s) if any task failed. */
    public T get() throws IOException {
        try {
            return whole.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + taskIds.size() + " task(s)");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** As {@link #get()}, giving up after {@code timeout} (the tasks go on). */
    public T get(Duration timeout) throws IOException, TimeoutException {
        try {
            return whole.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + taskIds.size() + " task(s)");
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new TimeoutException(done() + " of " + total() + " task(s) finished within " + timeout);
        }
    }

    private static IOException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RemoteException re) {
            throw re;
        }
        if (c instanceof CancellationException ce) {
            throw ce;
        }
        return c instanceof IOException io ? io : new IOException(c.getMessage(), c);
    }

    public boolean isDone() {
        return whole.isDone();
    }

    /** Tasks finished so far (succeeded or not). */
    public int done() {
        int n = 0;
        for (CompletableFuture<TaskOutcome> p : parts) {
            n += p.isDone() ? 1 : 0;
        }
        return n;
    }

    public int total() {
        return parts.size();
    }

    /** Aborts every task not yet finished: queued ones are dropped, running ones interrupted. */
    public void cancel() {
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).isDone()) {
                connection.cancel(taskIds.get(i));
            }
        }
    }

    /** Metadata of the tasks finished so far, in submission order (null for those still running). */
    public List<TaskMetadata> metadata() {
        List<TaskMetadata> out = new ArrayList<>(parts.size());
        for (CompletableFuture<TaskOutcome> p : parts) {
            out.add(p.isDone() && !p.isCompletedExceptionally() ? p.join().metadata() : null);
        }
        return out;
    }

    /** What each task printed to System.out, in submission order ("" for those still running). */
    public List<String> stdout() {
        List<String> out = new ArrayList<>(parts.size());
        for (TaskMetadata m : metadata()) {
            out.add(m == null ? "" : m.stdout());
        }
        return out;
    }

    public List<Long> taskIds() {
        return taskIds;
    }

    public CompletableFuture<T> toCompletableFuture() {
        return whole;
    }
}
