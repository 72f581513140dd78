package dev.jcluster.client;

import dev.jcluster.client.internal.ClientConnection;
import dev.jcluster.client.internal.EncodedFunction;
import dev.jcluster.client.internal.TaskOutcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** Encodes each kind of work and submits it; shared by both views. Encoding errors surface here, at submission. */
final class Work {
    private final ClientConnection connection;
    private final Consumer<OutputLine> listener;
    /** Engines load-balanced tasks may go to; empty: any. */
    private final List<Integer> onlyOn;
    /** What load-balanced tasks wait for. */
    private final Submit.Needs needs;

    Work(ClientConnection connection) {
        this(connection, null, List.of(), Submit.Needs.NONE);
    }

    private Work(ClientConnection connection, Consumer<OutputLine> listener, List<Integer> onlyOn,
                 Submit.Needs needs) {
        this.connection = connection;
        this.listener = listener;
        this.onlyOn = List.copyOf(onlyOn);
        this.needs = needs;
    }

    /** The same, with every task streaming what it prints to {@code listener} while it runs. */
    Work streaming(Consumer<OutputLine> newListener) {
        return new Work(connection, newListener, onlyOn, needs);
    }

    /** The same, with load-balanced tasks kept to {@code engines}. */
    Work onlyOn(List<Integer> engines) {
        return new Work(connection, listener, engines, needs);
    }

    /** The same, with load-balanced tasks waiting for what {@code newNeeds} names. */
    Work needing(Submit.Needs newNeeds) {
        return new Work(connection, listener, onlyOn, newNeeds);
    }

    Submit.Needs needs() {
        return needs;
    }

    ClientConnection connection() {
        return connection;
    }

    /** One submitted task: its id and its future. */
    record Submitted(long id, CompletableFuture<TaskOutcome> future) {
    }

    /** {@code task} on every target; encoded once, and it leaves this client once (the controller fans it out). */
    List<Submitted> javaOnAll(List<Integer> targets, TaskOptions options, Object task) {
        return submitToAll(targets, options, TaskSpec.java(connection.serializer().encode(task, ByteBufAllocator.DEFAULT)));
    }

    /** Java code on every target, sent once. */
    List<Submitted> codeOnAll(List<Integer> targets, TaskOptions options, String code) {
        return submitToAll(targets, options, TaskSpec.code(code));
    }

    /** {@code name} bound to {@code value} on every target: encoded once, and it leaves this client once. */
    List<Submitted> pushToAll(List<Integer> targets, String name, Object value) {
        return submitToAll(targets, TaskOptions.DEFAULTS,
                TaskSpec.push(name, connection.serializer().encode(value, ByteBufAllocator.DEFAULT)));
    }

    Submitted java(int target, TaskOptions options, Object task) {
        return submit(target, options, TaskSpec.java(connection.serializer().encode(task, ByteBufAllocator.DEFAULT)));
    }

    /** {@code fn} over {@code arguments} as one task; the result is the list of outputs. */
    Submitted apply(int target, TaskOptions options, EncodedFunction fn, List<?> arguments) {
        ByteBuf args = connection.serializer().encode(new ArrayList<>(arguments), ByteBufAllocator.DEFAULT);
        TaskSpec spec = fn.task(args.retainedDuplicate());
        Submitted first = submit(target, options, spec);
        // a controller that restarted, or let the function go, asks for the task again with the function's bytes
        CompletableFuture<TaskOutcome> outcome = first.future().handle((o, e) -> {
            if (e == null && o.failed() && Result.FUNCTION_UNKNOWN.equals(o.failure().remoteClassName())) {
                return submit(target, options, fn.wholeTask(args)).future();
            }
            args.release();
            return e == null ? CompletableFuture.completedFuture(o) : CompletableFuture.<TaskOutcome>failedFuture(e);
        }).thenCompose(f -> f);
        return new Submitted(first.id(), outcome);
    }

    EncodedFunction encode(RemoteFunction<?, ?> fn) {
        return EncodedFunction.of(fn, connection.serializer());
    }

    Submitted shell(int target, TaskOptions options, ShellCommand command) {
        return submit(target, options, TaskSpec.shell(command.argv(), command.workingDirectory(),
                command.environment()));
    }

    Submitted push(int target, String name, Object value) {
        return submit(target, TaskOptions.DEFAULTS,
                TaskSpec.push(name, connection.serializer().encode(value, ByteBufAllocator.DEFAULT)));
    }

    Submitted pull(int target, String expression) {
        return submit(target, TaskOptions.DEFAULTS, TaskSpec.pull(expression));
    }

    private Submitted submit(int target, TaskOptions options, TaskSpec spec) {
        long id = connection.newTaskId();
        boolean balanced = target == Submit.ANY_ENGINE;
        return new Submitted(id, connection.submitToAll(id, List.of(target), options, spec, listener,
                balanced ? onlyOn : List.of(), balanced ? needs : Submit.Needs.NONE).get(0));
    }

    private List<Submitted> submitToAll(List<Integer> targets, TaskOptions options, TaskSpec spec) {
        if (targets.isEmpty()) {
            spec.value().release();
            return List.of();
        }
        long first = connection.newTaskIds(targets.size());
        List<CompletableFuture<TaskOutcome>> futures = connection.submitToAll(first, targets, options, spec, listener,
                List.of(), Submit.Needs.NONE);
        List<Submitted> out = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            out.add(new Submitted(first + i, futures.get(i)));
        }
        return out;
    }

    static <T> AsyncResult<T> result(ClientConnection c, List<Submitted> submitted,
                                     Function<List<TaskOutcome>, T> combine) {
        return new AsyncResult<>(c, submitted.stream().map(Submitted::id).toList(),
                submitted.stream().map(Submitted::future).toList(), combine);
    }
}
