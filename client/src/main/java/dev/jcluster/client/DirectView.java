package dev.jcluster.client;

import dev.jcluster.client.internal.FileTransfer;
import dev.jcluster.client.internal.TaskOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Explicit engines: every call runs on each target engine (apply, execute, push, pull, shell) or
 * splits its input across them in contiguous blocks (map, scatter, gather). Results come back
 * in target order. Immutable; cheap to create.
 */
public final class DirectView {
    private final Work work;
    private final List<Integer> targets;
    /** Only the timeout applies: a direct task runs where it is sent, once. */
    private final TaskOptions options;

    DirectView(Work work, List<Integer> targets) {
        this(work, targets, TaskOptions.DEFAULTS);
    }

    private DirectView(Work work, List<Integer> targets, TaskOptions options) {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no engines to target: none is registered yet (Client.waitForEngines)");
        }
        this.work = work;
        this.targets = List.copyOf(targets);
        this.options = options;
    }

    public List<Integer> targets() {
        return targets;
    }

    /** A view whose tasks stream what they print to {@code listener} while they run (quick, non-blocking). */
    public DirectView streaming(Consumer<OutputLine> listener) {
        return new DirectView(work.streaming(listener), targets, options);
    }

    /**
     * A view whose apply, map, execute and shell tasks are stopped after running for {@code timeout}
     * (they end with a {@code TimeoutException}); {@link Duration#ZERO} for none. A task that ignores
     * the interrupt makes its engine restart under the same id, losing its JShell state.
     */
    public DirectView withTimeout(Duration timeout) {
        return new DirectView(work, targets, options.withTimeout(timeout));
    }

    /** Runs {@code task} once on every target; one result per engine. */
    public <T> AsyncResult<List<T>> applyAsync(RemoteCallable<T> task) {
        return Work.result(work.connection(), work.javaOnAll(targets, options, task), DirectView::values);
    }

    public <T> List<T> apply(RemoteCallable<T> task) throws IOException {
        return applyAsync(task).get();
    }

    /** Splits {@code inputs} into one contiguous block per engine and applies {@code fn} to each element. */
    public <A, R> AsyncResult<List<R>> mapAsync(RemoteFunction<A, R> fn, List<A> inputs) {
        List<Work.Submitted> s = new ArrayList<>();
        List<List<A>> blocks = blocks(inputs, targets.size());
        var encoded = work.encode(fn);
        for (int i = 0; i < blocks.size(); i++) {
            s.add(work.apply(targets.get(i), options, encoded, blocks.get(i)));
        }
        return Work.result(work.connection(), s, DirectView::concatenated);
    }

    public <A, R> List<R> map(RemoteFunction<A, R> fn, List<A> inputs) throws IOException {
        return mapAsync(fn, inputs).get();
    }

    /** Runs Java code in every target's JShell session; state persists between calls. */
    public AsyncResult<List<ExecuteResult>> executeAsync(String code) {
        return Work.result(work.connection(), work.codeOnAll(targets, options, code), outcomes -> {
            List<ExecuteResult> out = new ArrayList<>();
            for (TaskOutcome o : outcomes) {
                out.add(new ExecuteResult(o.metadata().engineId(), (String) o.value(), o.metadata().stdout(),
                        o.metadata().stderr()));
            }
            return out;
        });
    }

    public List<ExecuteResult> execute(String code) throws IOException {
        return executeAsync(code).get();
    }

    /** Binds each name to its value in every target's JShell session. */
    public AsyncResult<Void> pushAsync(Map<String, ?> namespace) {
        List<Work.Submitted> s = new ArrayList<>();
        namespace.forEach((name, value) -> s.addAll(work.pushToAll(targets, name, value)));
        return Work.result(work.connection(), s, outcomes -> null);
    }

    public void push(Map<String, ?> namespace) throws IOException {
        pushAsync(namespace).get();
    }

    /**
     * Binds {@code name} to {@code value} on every target, once, and returns a reference that
     * tasks capture instead of the value (see {@link Ref}).
     */
    public <T> Ref<T> push(String name, T value) throws IOException {
        push(Collections.singletonMap(name, value));
        return Ref.of(name, value);
    }

    /** The value of a name (or any expression) in every target's session, in target order. */
    public <T> AsyncResult<List<T>> pullAsync(String name) {
        List<Work.Submitted> s = new ArrayList<>();
        for (int id : targets) {
            s.add(work.pull(id, name));
        }
        return Work.result(work.connection(), s, DirectView::values);
    }

    public <T> List<T> pull(String name) throws IOException {
        return this.<T>pullAsync(name).get();
    }

    /** Pushes one contiguous block of {@code values} to each target under {@code name} (as a List). */
    public AsyncResult<Void> scatterAsync(String name, List<?> values) {
        List<Work.Submitted> s = new ArrayList<>();
        List<? extends List<?>> blocks = blocks(values, targets.size());
        for (int i = 0; i < targets.size(); i++) {
            List<?> block = i < blocks.size() ? new ArrayList<>(blocks.get(i)) : new ArrayList<>();
            s.add(work.push(targets.get(i), name, block));
        }
        return Work.result(work.connection(), s, outcomes -> null);
    }

    /** As {@link #scatterAsync}; the reference reads each engine's own block in its tasks. */
    public <T> Ref<List<T>> scatter(String name, List<T> values) throws IOException {
        scatterAsync(name, values).get();
        @SuppressWarnings("unchecked") Ref<List<T>> ref = (Ref<List<T>>) (Ref<?>) Ref.to(name, List.class);
        return ref;
    }

    /**
     * Pushes one contiguous block of {@code values} to each target under {@code name} (as a double[]);
     * the reference reads each engine's own block in its tasks.
     */
    public Ref<double[]> scatter(String name, double[] values) throws IOException {
        List<Work.Submitted> s = new ArrayList<>();
        int n = targets.size();
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) values.length * i / n);
            int to = (int) ((long) values.length * (i + 1) / n);
            s.add(work.push(targets.get(i), name, Arrays.copyOfRange(values, from, to)));
        }
        Work.result(work.connection(), s, outcomes -> null).get();
        return Ref.to(name, double[].class);
    }

    /**
     * Pulls {@code name} from every target and joins the parts in target order: lists are
     * concatenated, double[] arrays joined into one array, anything else collected as an element.
     */
    public <T> T gather(String name) throws IOException {
        List<Object> parts = pull(name);
        if (!parts.isEmpty() && parts.stream().allMatch(p -> p instanceof double[])) {
            int total = parts.stream().mapToInt(p -> ((double[]) p).length).sum();
            double[] out = new double[total];
            int at = 0;
            for (Object p : parts) {
                double[] a = (double[]) p;
                System.arraycopy(a, 0, out, at, a.length);
                at += a.length;
            }
            @SuppressWarnings("unchecked") T t = (T) out;
            return t;
        }
        List<Object> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                out.addAll(l);
            } else {
                out.add(p);
            }
        }
        @SuppressWarnings("unchecked") T t = (T) out;
        return t;
    }

    /** Runs a command on every target; a non-zero exit is reported in its result, not thrown. */
    public AsyncResult<List<ShellResult>> shellAsync(ShellCommand command) {
        List<Work.Submitted> s = new ArrayList<>();
        for (int id : targets) {
            s.add(work.shell(id, options, command));
        }
        return Work.result(work.connection(), s, outcomes -> {
            List<ShellResult> out = new ArrayList<>();
            for (TaskOutcome o : outcomes) {
                out.add(new ShellResult(o.metadata().engineId(), o.exitCode(), o.metadata().stdout(),
                        o.metadata().stderr()));
            }
            return out;
        });
    }

    public List<ShellResult> shell(ShellCommand command) throws IOException {
        return shellAsync(command).get();
    }

    /**
     * Sends a file, or a folder and everything under it, to {@code remote} on every target engine
     * (relative to its working directory). Files go in chunks, each leaving the client once for
     * all targets; each file's content is checked at the far end and its mode kept, and it takes
     * its name only once complete. A missing local path, or an engine that cannot write (a full
     * disk, no permission), fails with an {@link IOException} naming the file and the reason.
     */
    public void upload(Path local, String remote) throws IOException {
        upload(local, remote, TransferListener.NONE);
    }

    /** As {@link #upload(Path, String)}, telling {@code listener} the bytes of each chunk every target has. */
    public void upload(Path local, String remote, TransferListener listener) throws IOException {
        new FileTransfer(listener).upload(this, local, remote);
    }

    /**
     * Fetches a file, or a folder and everything under it, from every target engine: into {@code
     * local} from one engine, into {@code local/engine-N} from several. Content is checked and modes
     * kept; a file takes its name only once complete.
     */
    public void download(String remote, Path local) throws IOException {
        download(remote, local, TransferListener.NONE);
    }

    /** As {@link #download(String, Path)}, telling {@code listener} the bytes of each chunk as it arrives. */
    public void download(String remote, Path local, TransferListener listener) throws IOException {
        FileTransfer transfer = new FileTransfer(listener);
        for (int id : targets) {
            Path into = targets.size() == 1 ? local : local.resolve("engine-" + id);
            transfer.download(new DirectView(work, List.of(id), options), remote, into);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> values(List<TaskOutcome> outcomes) {
        List<T> out = new ArrayList<>(outcomes.size());
        for (TaskOutcome o : outcomes) {
            out.add((T) o.value());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <R> List<R> concatenated(List<TaskOutcome> outcomes) {
        List<R> out = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            out.addAll((List<R>) o.value());
        }
        return out;
    }

    /** {@code n} contiguous blocks whose sizes differ by at most one; fewer when there are fewer elements. */
    static <A> List<List<A>> blocks(List<A> inputs, int n) {
        List<List<A>> out = new ArrayList<>();
        int size = inputs.size();
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) size * i / n);
            int to = (int) ((long) size * (i + 1) / n);
            if (to > from) {
                out.add(inputs.subList(from, to));
            }
        }
        return out.isEmpty() ? List.of(Collections.emptyList()) : out;
    }
}
