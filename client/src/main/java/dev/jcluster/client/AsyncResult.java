package dev.jcluster.client;

import dev.jcluster.client.internal.ClientConnection;
import dev.jcluster.client.internal.TaskOutcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
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
    private final long submittedNanos = System.nanoTime();
    private volatile long finishedNanos;

    AsyncResult(ClientConnection connection, List<Long> taskIds, List<CompletableFuture<TaskOutcome>> parts,
                Function<List<TaskOutcome>, T> combine) {
        this.connection = connection;
        this.taskIds = List.copyOf(taskIds);
        this.parts = List.copyOf(parts);
        this.whole = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            finishedNanos = System.nanoTime();  // before the result is visible to anyone waiting for it
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
        whole.whenComplete((v, e) -> {
            if (finishedNanos == 0) {
                finishedNanos = System.nanoTime();  // the connection failed: no combining step ran
            }
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

    /** Whether every task has finished (ipyparallel's {@code ready()}). */
    public boolean ready() {
        return isDone();
    }

    /** Time since submission, until the last task finished (or until now, while some run). */
    public Duration elapsed() {
        long end = whole.isDone() && finishedNanos != 0 ? finishedNanos : System.nanoTime();
        return Duration.ofNanos(end - submittedNanos);
    }

    /**
     * Waits as {@link #get()} does, showing progress on standard error: a bar redrawn in place on a
     * terminal, a line every few seconds otherwise (ipyparallel's {@code wait_interactive}). Plain
     * Java cannot ask whether stderr itself is a terminal: a console (stdin and stdout are one, and
     * on Java 22 and later it says it is a terminal) and a {@code TERM} other than {@code dumb} count
     * as one. Where that guess is wrong (stderr sent to a file from a terminal), say which with
     * {@link #waitInteractive(PrintStream, boolean)}.
     */
    public T waitInteractive() throws IOException {
        return waitInteractive(System.err, consoleIsATerminal() && !"dumb".equals(System.getenv("TERM")));
    }

    private static boolean consoleIsATerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {  // Console.isTerminal(), Java 22 on: before it, a console exists only on a terminal
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** As {@link #waitInteractive()}, writing to {@code out}: a bar redrawn in place if {@code terminal}, else a line every few seconds. */
    public T waitInteractive(PrintStream out, boolean terminal) throws IOException {
        long lastLine = 0;
        while (!whole.isDone()) {
            try {
                whole.get(terminal ? 100 : 1000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not done yet, or failed: get() below says how
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + taskIds.size() + " task(s)");
            }
            long now = System.nanoTime();
            if (terminal || now - lastLine >= TimeUnit.SECONDS.toNanos(5)) {
                out.print((terminal ? "\r" : "") + progressLine() + (terminal ? "" : "\n"));
                out.flush();
                lastLine = now;
            }
        }
        out.print((terminal ? "\r" : "") + progressLine() + "\n");
        out.flush();
        return get();
    }

    private String progressLine() {
        int width = 30;
        int done = done();
        int filled = total() == 0 ? width : width * done / total();
        return String.format(Locale.ROOT, "[%s%s] %d/%d tasks, %.1f s", "#".repeat(filled), " ".repeat(width - filled),
                done, total(), elapsed().toNanos() / 1e9);
    }

    /**
     * Each task's outcome as it finishes, in the order they finish: the iterator blocks for the next
     * one. A failed task's element is its metadata all the same; {@link #get()} throws its failure.
     */
    public Iterable<TaskMetadata> completions() {
        return () -> new Iterator<>() {
            private final BlockingQueue<TaskMetadata> arrived = arrivals();
            private int given;

            @Override
            public boolean hasNext() {
                return given < parts.size();
            }

            @Override
            public TaskMetadata next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    given++;
                    return arrived.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a task", e);
                }
            }
        };
    }

    private BlockingQueue<TaskMetadata> arrivals() {
        BlockingQueue<TaskMetadata> q = new LinkedBlockingQueue<>();
        for (int i = 0; i < parts.size(); i++) {
            long id = taskIds.get(i);
            parts.get(i).whenComplete((o, e) -> q.add(o != null ? o.metadata()
                    : new TaskMetadata(id, -1, "", null, null, null, "", String.valueOf(e), List.of(), null)));
        }
        return q;
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
