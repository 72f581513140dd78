package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.WorkKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A task as the controller tracks it, from submission until its result is delivered. Controller's thread only. */
final class TaskRecord {
    enum State { QUEUED, RUNNING, DONE }

    final long id;
    final ClientSession client;
    final long clientTaskId;
    final int target;
    final int retries;
    /** Failures it is re-run after (Submit#retryOn), besides a lost engine. */
    final List<String> retryOn;
    /** What it waits for before it may run (Submit#needs). */
    final Submit.Needs needs;
    /** The engines a load-balanced task may go to; empty: any. */
    private Set<Integer> onlyOn;
    /** Prerequisites not finished yet. */
    private int unmetPrerequisites;
    final long timeoutMillis;
    final long submittedAt;
    /** The size of its value, kept while the value itself waits in the store. */
    final int valueBytes;
    /** The value's size wherever it travels: {@link #valueBytes} plus what its client sends straight to the engine. */
    final long allValueBytes;
    /** What to run; its value is let go while the task waits in a long queue (the store has it). */
    private TaskSpec spec;
    private boolean valueInStore;
    /** Bytes of its value counted as held by the queue while it waits there. */
    private int heldValueBytes;
    /** Engine sessions this task was lost on; a retry avoids them. Made on first use: most tasks never need it. */
    private Set<Long> avoidSessions = Set.of();
    private final List<String> attempts = new ArrayList<>(0);
    private State state = State.QUEUED;
    private long dispatchedAt;
    private EngineSession engine;

    TaskRecord(long id, ClientSession client, Submit submit) {
        this(id, client, submit, System.currentTimeMillis());
    }

    TaskRecord(long id, ClientSession client, Submit submit, long submittedAt) {
        this.id = id;
        this.client = client;
        this.clientTaskId = submit.taskId();
        this.target = submit.target();
        this.retries = submit.retries();
        this.retryOn = submit.retryOn();
        this.onlyOn = Set.copyOf(submit.onlyOn());
        this.needs = submit.needs();
        this.timeoutMillis = submit.timeoutMillis();
        this.spec = submit.spec();
        this.valueBytes = spec.value().readableBytes();
        this.allValueBytes = spec.valueBytes();
        this.submittedAt = submittedAt;
    }

    boolean loadBalanced() {
        return target == Submit.ANY_ENGINE;
    }

    TaskSpec spec() {
        return spec;
    }

    State state() {
        return state;
    }

    boolean queued() {
        return state == State.QUEUED;
    }

    EngineSession engine() {
        return engine;
    }

    long dispatchedAt() {
        return dispatchedAt;
    }

    List<String> attempts() {
        return attempts;
    }

    int attempt() {
        return attempts.size() + 1;
    }

    Set<Integer> onlyOn() {
        return onlyOn;
    }

    /** It follows a task that ran on {@code engineId}: it runs there or nowhere. */
    void follows(int engineId) {
        onlyOn = Set.of(engineId);
    }

    void awaitPrerequisite() {
        unmetPrerequisites++;
    }

    /** @return whether that was the last one it waited for */
    boolean prerequisiteMet() {
        return --unmetPrerequisites == 0;
    }

    /** Whether a retry may go to {@code e}: not to a session it was lost on. */
    boolean mayRunOn(EngineSession e) {
        return (onlyOn.isEmpty() || onlyOn.contains(e.id)) && (avoidSessions.isEmpty() || !avoidSessions.contains(e.session));
    }

    /** Whether some engines are not for it: kept to some, or avoiding sessions it was lost on. */
    boolean constrained() {
        return !onlyOn.isEmpty() || !avoidSessions.isEmpty();
    }

    /** On its way to {@code engine}, its value read back from the store if only the store had it. */
    void dispatchTo(EngineSession to, TaskStore store) {
        if (valueInStore) {
            spec = spec.withValue(store.taskValue(id));
            valueInStore = false;
        }
        state = State.RUNNING;
        engine = to;
        dispatchedAt = System.currentTimeMillis();
    }

    /** Back in the queue after an attempt on {@code lostOn} that did not finish, and never again to that session. */
    void requeue(EngineSession lostOn) {
        if (avoidSessions.isEmpty()) {
            avoidSessions = new HashSet<>(2);
        }
        avoidSessions.add(lostOn.session);
        state = State.QUEUED;
        engine = null;
    }

    /**
     * Whether it is to run again after {@code result}, a failure of its own: a load-balanced task
     * asked for it, for this kind of failure, and has retries left.
     */
    boolean retriesAfter(Result result) {
        if (!loadBalanced() || retryOn.isEmpty() || attempts.size() >= retries) {
            return false;
        }
        boolean nonZeroExit = result.outcome() == Outcome.OK && spec.kind() == WorkKind.SHELL && result.exitCode() != 0;
        boolean failed = result.outcome() == Outcome.ERROR && !NOT_ITS_OWN.contains(result.errorClass());
        if (nonZeroExit) {
            return retryOn.contains(Submit.ANY_FAILURE);
        }
        return failed && (retryOn.contains(Submit.ANY_FAILURE) || retryOn.contains(result.errorClass()));
    }

    /** Failures that are not the task's own doing: running it again would fail the same way, or is handled elsewhere. */
    private static final Set<String> NOT_ITS_OWN = Set.of(Result.ENGINE_LOST, Result.NO_SUCH_ENGINE,
            Result.VALUE_TOO_LARGE, Result.FUNCTION_MISSING, Result.FUNCTION_UNKNOWN, Result.DEPENDENCY_ERROR);

    /** Given back unstarted by an engine that restarts: waits as if never sent, for the same engine too. */
    void returnedUnstarted() {
        state = State.QUEUED;
        engine = null;
    }

    /** Back in the queue after a failure of its own, for any engine, the same one too. */
    void retry() {
        state = State.QUEUED;
        engine = null;
    }

    /** An attempt on {@code engine} ended in {@code result}, a failure of its own: noted with its cause. */
    void failedOn(EngineSession engine, Result result) {
        String cause;
        if (result.outcome() == Outcome.OK) {
            cause = "exit " + result.exitCode();
        } else {
            String message = result.errorMessage() == null ? "" : ": " + result.errorMessage();
            cause = result.errorClass() + (message.length() > 200 ? message.substring(0, 197) + "..." : message);
        }
        attemptFailed(engine.describe() + ": " + cause);
    }

    void attemptFailed(String description) {
        attempts.add("attempt " + attempt() + ": " + description);
    }

    /** Done: its payload goes. Called once, when the task leaves the controller's tables. */
    void finished() {
        state = State.DONE;
        release();
    }

    /** Its value counts against the queue's memory while it waits. */
    void holdValue(int bytes) {
        heldValueBytes = bytes;
    }

    /** Lets go of the value while it waits: the store has it, and {@link #dispatchTo} reads it back. */
    void leaveValueInStore() {
        release();
        valueInStore = true;
    }

    /** The bytes it counted against the queue, now no longer counted. */
    int stopHoldingValue() {
        int bytes = heldValueBytes;
        heldValueBytes = 0;
        return bytes;
    }

    /** Frees the task's payload. */
    void release() {
        if (spec.value().refCnt() > 0) {
            spec.value().release();
        }
    }
}
