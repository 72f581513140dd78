package dev.jcluster.controller.store;

import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * What the controller must not forget when it dies: tasks accepted and not yet finished, results
 * not yet taken by their client, and the engine ids handed out. Called on the controller's thread,
 * except {@link #commit()}, which runs on a thread of its own while the controller goes on: changes
 * become durable there, and the controller tells a client its tasks are accepted only after it.
 */
public interface TaskStore extends AutoCloseable {

    /** A task as it was submitted, for a controller that restores it. */
    record StoredTask(long taskId, String clientUuid, long submittedAt, Submit submit) {
    }

    /** A result its client has not taken yet (under the client's task id). */
    record StoredResult(long taskId, String clientUuid, Result result) {
    }

    /**
     * Everything a restored controller starts from, tasks and results in the order they came;
     * spilled tasks stay in the store ({@code spilled} of them) and are read as the queue empties.
     */
    record Contents(List<StoredTask> tasks, List<StoredResult> results, long nextTaskId, int nextEngineId,
                    long spilled, Map<String, byte[]> clientSecrets, Map<String, String> notes) {
        public boolean isEmpty() {
            return tasks.isEmpty() && results.isEmpty();
        }
    }

    /** Records a task; the submit's value is read, not released. */
    void accepted(long taskId, String clientUuid, long submittedAt, Submit submit);

    /** The task is done: its record goes, its result (under the client's task id) stays until taken. */
    void finished(long taskId, String clientUuid, Result forwarded);

    /** Its client has the result: forget the task. */
    void taken(long taskId);

    /** A result kept for a client that was away, read back (value retained); null if not here. */
    Result result(long taskId);

    /** The value of an accepted task, read back for a task whose value was let go in memory; null if none. */
    ByteBuf taskValue(long taskId);

    /** A client's session was opened with a secret of this SHA-256: only that secret resumes it, after a restore too. */
    void clientAdmitted(String clientUuid, byte[] secretHash);

    /** The client's session is forgotten. */
    void clientForgotten(String clientUuid);

    /** The highest engine id given out, so that a restored controller gives new engines new ids. */
    void engineIdUsed(int id);

    /** Keeps a client's note ({@code Note}); an empty text removes it. */
    void note(String key, String text);

    /** Whether anything changed since the last commit (an idle controller then has nothing to write). */
    boolean unsaved();

    /**
     * Hands every change so far to the next {@link #commit()}. On the controller's thread, just
     * before a commit starts on another: a store may hold new records back until then.
     */
    default void stage() {
    }

    /** Makes every change staged so far survive the death of this process; on any one thread at a time. */
    void commit();

    /** What the store holds now, for a controller that starts from it. */
    Contents contents();

    /** A load-balanced task, already accepted, waits here only: the queue in memory is full. */
    void spill(long taskId, String clientUuid, long clientTaskId);

    /** The oldest spilled tasks, at most {@code n}, taken out of the spill (their records stay until finished). */
    List<StoredTask> unspill(int n);

    /** This client's spilled task, taken out of the spill; null if it is not spilled. */
    StoredTask unspill(String clientUuid, long clientTaskId);

    /** Whether this client's task is spilled. */
    boolean isSpilled(String clientUuid, long clientTaskId);

    /** Whether anything here outlives the controller. */
    boolean durable();

    /** Tasks and results held, for status. */
    long size();

    @Override
    void close();

    /** No store: nothing survives the controller (in-process clusters, or controller.store: false). */
    static TaskStore none() {
        return new NoTaskStore();
    }
}
