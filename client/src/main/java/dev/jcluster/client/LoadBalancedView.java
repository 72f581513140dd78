package dev.jcluster.client;

import dev.jcluster.client.internal.Apply;
import dev.jcluster.client.internal.TaskOutcome;
import dev.jcluster.protocol.Submit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Tasks go to whichever engine is free, as the controller's scheduler decides. Options (retries
 * after an engine is lost, timeout, map chunk size) come from {@link #withOptions}. Immutable.
 */
public final class LoadBalancedView {
    private final Work work;
    private final TaskOptions options;

    LoadBalancedView(Work work, TaskOptions options) {
        this.work = work;
        this.options = options;
    }

    public TaskOptions options() {
        return options;
    }

    public LoadBalancedView withOptions(TaskOptions newOptions) {
        return new LoadBalancedView(work, newOptions);
    }

    /**
     * A view whose tasks wait until every task of {@code prerequisites} has finished (ipyparallel's
     * {@code after}). If one of them fails (an exception, a timeout, a lost engine, a non-zero exit),
     * the waiting task fails with a {@code dev.jcluster.DependencyException} naming it, unless
     * {@link #evenIfPrerequisitesFail()}. Prerequisites are this client's tasks.
     */
    public LoadBalancedView after(AsyncResult<?>... prerequisites) {
        List<Long> ids = new ArrayList<>(work.needs().after());
        for (AsyncResult<?> r : prerequisites) {
            ids.addAll(r.taskIds());
        }
        return needing(ids, work.needs().follow(), work.needs().evenIfFailed());
    }

    /** As {@link #after(AsyncResult[])}, by task id ({@link AsyncResult#taskIds()}, `jcluster tasks`). */
    public LoadBalancedView afterTasks(long... taskIds) {
        List<Long> ids = new ArrayList<>(work.needs().after());
        for (long id : taskIds) {
            ids.add(id);
        }
        return needing(ids, work.needs().follow(), work.needs().evenIfFailed());
    }

    /**
     * A view whose tasks run on the engine that ran {@code leader}'s task, once it has finished
     * (ipyparallel's {@code follow}): to use what it left there (files, pushed values, JShell state).
     * If that engine is gone by then, the task fails, naming it.
     */
    public LoadBalancedView follow(AsyncResult<?> leader) {
        if (leader.taskIds().size() != 1) {
            throw new IllegalArgumentException("follow one task, not " + leader.taskIds().size()
                    + " (a map's tasks may run on different engines)");
        }
        return followTask(leader.taskIds().get(0));
    }

    /** As {@link #follow(AsyncResult)}, by task id. */
    public LoadBalancedView followTask(long taskId) {
        return needing(work.needs().after(), taskId, work.needs().evenIfFailed());
    }

    /** A view whose tasks run after their prerequisites whether those succeeded or not. */
    public LoadBalancedView evenIfPrerequisitesFail() {
        return needing(work.needs().after(), work.needs().follow(), true);
    }

    private LoadBalancedView needing(List<Long> after, long follow, boolean evenIfFailed) {
        return new LoadBalancedView(work.needing(new Submit.Needs(after, follow, evenIfFailed)), options);
    }

    /**
     * A view whose tasks send what they print to {@code listener} line by line while they run
     * (called on the client's I/O thread: it must be quick and must not block).
     */
    public LoadBalancedView streaming(Consumer<OutputLine> listener) {
        return new LoadBalancedView(work.streaming(listener), options);
    }

    public <T> AsyncResult<T> applyAsync(RemoteCallable<T> task) {
        Work.Submitted s = work.java(Submit.ANY_ENGINE, options, task);
        return Work.result(work.connection(), List.of(s), outcomes -> {
            @SuppressWarnings("unchecked") T value = (T) outcomes.get(0).value();
            return value;
        });
    }

    public <T> T apply(RemoteCallable<T> task) throws IOException {
        return applyAsync(task).get();
    }

    public <A, R> AsyncResult<R> applyAsync(RemoteFunction<A, R> fn, A argument) {
        return applyAsync(new Apply<>(fn, argument));
    }

    /**
     * Applies {@code fn} to every input, {@code chunkSize} inputs per task; results in input order.
     */
    public <A, R> AsyncResult<List<R>> mapAsync(RemoteFunction<A, R> fn, List<A> inputs) {
        return Work.result(work.connection(), submitChunks(fn, inputs), DirectView::concatenated);
    }

    public <A, R> List<R> map(RemoteFunction<A, R> fn, List<A> inputs) throws IOException {
        return mapAsync(fn, inputs).get();
    }

    /** As {@link #mapAsync}, but the list is in the order the tasks finished. */
    public <A, R> AsyncResult<List<R>> mapUnorderedAsync(RemoteFunction<A, R> fn, List<A> inputs) {
        List<Work.Submitted> submitted = submitChunks(fn, inputs);
        List<Object> arrivals = Collections.synchronizedList(new ArrayList<>());
        List<Work.Submitted> tracked = new ArrayList<>();
        for (Work.Submitted s : submitted) {
            CompletableFuture<TaskOutcome> f = s.future().thenApply(o -> {
                if (!o.failed()) {
                    arrivals.addAll((List<?>) o.value());
                }
                return o;
            });
            tracked.add(new Work.Submitted(s.id(), f));
        }
        return Work.result(work.connection(), tracked, outcomes -> {
            @SuppressWarnings("unchecked") List<R> out = (List<R>) new ArrayList<>(arrivals);
            return out;
        });
    }

    /**
     * Applies {@code fn} to every input as {@link #mapAsync} does, and hands the results over one by
     * one in input order, each as soon as its task and those before it have finished: for results
     * to use while later ones still run. One pass; a failed task throws its {@link RemoteException}
     * when its first element is reached.
     */
    public <A, R> Iterable<R> imap(RemoteFunction<A, R> fn, List<A> inputs) {
        List<Work.Submitted> chunks = submitChunks(fn, inputs);
        return () -> new Iterator<>() {
            private int next;
            private Iterator<R> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < chunks.size()) {
                    current = LoadBalancedView.<R>values(chunks.get(next++)).iterator();
                }
                return current.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** A map task's results, waiting for them. */
    private static <R> List<R> values(Work.Submitted task) {
        TaskOutcome o;
        try {
            o = task.future().join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(c);
        }
        if (o.failed()) {
            throw o.failure();
        }
        @SuppressWarnings("unchecked") List<R> out = (List<R>) o.value();
        return out;
    }

    public AsyncResult<ShellResult> shellAsync(ShellCommand command) {
        Work.Submitted s = work.shell(Submit.ANY_ENGINE, options, command);
        return Work.result(work.connection(), List.of(s), outcomes -> {
            TaskOutcome o = outcomes.get(0);
            return new ShellResult(o.metadata().engineId(), o.exitCode(), o.metadata().stdout(),
                    o.metadata().stderr());
        });
    }

    private <A, R> List<Work.Submitted> submitChunks(RemoteFunction<A, R> fn, List<A> inputs) {
        int chunk = options.chunkSize();
        List<Work.Submitted> out = new ArrayList<>((inputs.size() + chunk - 1) / chunk);
        var encoded = work.encode(fn);
        for (int from = 0; from < inputs.size(); from += chunk) {
            out.add(work.apply(Submit.ANY_ENGINE, options, encoded, inputs.subList(from, Math.min(inputs.size(),
                    from + chunk))));
        }
        return out;
    }
}
