package dev.jcluster.controller;

import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A task as the controller tracks it, from submission until its result is delivered. */
final class TaskRecord {
    enum State { QUEUED, RUNNING, DONE }

    final long id;
    final ClientSession client;
    final long clientTaskId;
    final int target;
    final int retries;
    final long timeoutMillis;
    /** What to run; its value is let go while the task waits in a long queue (the store has it). */
    TaskSpec spec;
    boolean valueInStore;
    /** Bytes of its value counted as held by the queue while it waits there. */
    int heldValueBytes;
    final long submittedAt;
    /** Engine sessions this task was lost on; a retry avoids them. Made on first use: most tasks never need it. */
    Set<Long> avoidSessions = Set.of();
    final List<String> attempts = new ArrayList<>(0);
    State state = State.QUEUED;
    long dispatchedAt;
    EngineSession engine;

    TaskRecord(long id, ClientSession client, Submit submit) {
        this(id, client, submit, System.currentTimeMillis());
    }

    TaskRecord(long id, ClientSession client, Submit submit, long submittedAt) {
        this.id = id;
        this.client = client;
        this.clientTaskId = submit.taskId();
        this.target = submit.target();
        this.retries = submit.retries();
        this.timeoutMillis = submit.timeoutMillis();
        this.spec = submit.spec();
        this.submittedAt = submittedAt;
    }

    boolean loadBalanced() {
        return target == Submit.ANY_ENGINE;
    }

    void avoid(long session) {
        if (avoidSessions.isEmpty()) {
            avoidSessions = new HashSet<>(2);
        }
        avoidSessions.add(session);
    }

    int attempt() {
        return attempts.size() + 1;
    }

    /** Frees the task's payload; called once, when the task leaves the table. */
    void release() {
        if (spec.value().refCnt() > 0) {
            spec.value().release();
        }
    }
}
