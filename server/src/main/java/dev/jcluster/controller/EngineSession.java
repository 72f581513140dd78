package dev.jcluster.controller;

import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One registration of one engine: what it runs, what it has done, whether it still takes work. A
 * reconnect is a new session with the same id. Controller's thread only.
 */
final class EngineSession {
    final int id;
    final long session;
    final Hello hello;
    final Channel channel;
    /** How many load-balanced tasks it may hold: more while its tasks are short. */
    final Prefetch prefetch;
    private final EngineLoad load = new EngineLoad();
    /** Sent and not yet answered, in the order sent (which is the order it runs them). */
    private final Map<Long, TaskRecord> inFlight = new LinkedHashMap<>();
    /** Map functions (client/hash) sent to this engine whole; the engine keeps as many decoded. */
    private final Set<String> functions = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_FUNCTIONS;
        }
    });
    private static final int MAX_FUNCTIONS = 256;
    private long lastSeenNanos = System.nanoTime();
    /** Its silence counts only from then on: it is taking in a large value (see {@link Liveness#sending}). */
    private long silenceAllowedUntilNanos = lastSeenNanos;
    private long tasksDone;
    private long tasksFailed;
    private int loadBalancedOutstanding;
    private boolean lost;
    private long lostAtNanos;
    /** Why the engine takes no more tasks (its job's walltime is near), or null while it does. */
    private String draining;
    private boolean toldToLeave;
    private boolean restarting;

    EngineSession(int id, long session, Hello hello, Channel channel, Prefetch prefetch) {
        this.id = id;
        this.prefetch = prefetch;
        this.session = session;
        this.hello = hello;
        this.channel = channel;
    }

    String describe() {
        return "engine " + id + " on " + hello.host() + " (pid " + hello.pid() + ")";
    }

    // ---- liveness

    void seen(long now) {
        lastSeenNanos = now;
    }

    void beat(Heartbeat beat, long now) {
        lastSeenNanos = now;
        load.update(beat);
    }

    /** The controller could not read for {@code lag}: beats waiting unread in its sockets were not silence. */
    void forgive(long lag, long now) {
        lastSeenNanos = Math.min(now, lastSeenNanos + lag);
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    void mayBeSilentUntil(long nanos) {
        if (nanos - silenceAllowedUntilNanos > 0) {
            silenceAllowedUntilNanos = nanos;
        }
    }

    /** How long it has been silent, not counting time it was allowed to be. */
    long silentFor(long now) {
        long from = silenceAllowedUntilNanos - lastSeenNanos > 0 ? silenceAllowedUntilNanos : lastSeenNanos;
        return now - from;
    }

    EngineLoad load() {
        return load;
    }

    boolean lost() {
        return lost;
    }

    /** Marks it lost; false when it already was. */
    boolean markLost() {
        if (lost) {
            return false;
        }
        lost = true;
        lostAtNanos = System.nanoTime();
        return true;
    }

    /** When it was lost (System.nanoTime), for forgetting it some time later. */
    long lostAtNanos() {
        return lostAtNanos;
    }

    String draining() {
        return draining;
    }

    /** Restarting to stop a stuck task: it takes nothing more, and comes back as a new session of the same id. */
    void restart(String reason) {
        drain(reason);
        restarting = true;
    }

    boolean restarting() {
        return restarting;
    }

    void drain(String reason) {
        draining = reason;
    }

    /** It drained and was told to leave: when its connection closes, it left rather than was lost. */
    void toldToLeave() {
        toldToLeave = true;
    }

    boolean leftAsTold() {
        return toldToLeave && !restarting && inFlight().isEmpty();
    }

    EngineState state() {
        return lost ? (toldToLeave && !restarting ? EngineState.LEFT : EngineState.LOST) : draining != null ? EngineState.DRAINING : idle() ? EngineState.IDLE
                : EngineState.BUSY;
    }

    /** It may be sent another load-balanced task of the queue, given what it holds. */
    boolean takesLoadBalanced() {
        return !lost && draining == null;
    }

    // ---- tasks

    int loadBalancedOutstanding() {
        return loadBalancedOutstanding;
    }

    void dispatched(TaskRecord task) {
        inFlight.put(task.id, task);
        if (task.loadBalanced()) {
            loadBalancedOutstanding++;
        }
    }

    /** The task is no longer this engine's (answered or given back); null when it was not. */
    TaskRecord ended(long taskId) {
        TaskRecord task = inFlight.remove(taskId);
        if (task != null && task.loadBalanced()) {
            loadBalancedOutstanding--;
        }
        return task;
    }

    void counted(boolean succeeded) {
        if (succeeded) {
            tasksDone++;
        } else {
            tasksFailed++;
        }
    }

    /** Everything it held, now taken from it (it was lost). */
    List<TaskRecord> takeInFlight() {
        List<TaskRecord> tasks = new ArrayList<>(inFlight.values());
        inFlight.clear();
        loadBalancedOutstanding = 0;
        return tasks;
    }

    boolean hasFunction(String key) {
        return functions.contains(key);
    }

    void sentFunction(String key) {
        functions.add(key);
    }

    /** The engine said it does not have it (it let it go, or it restarted). */
    void lostFunction(String key) {
        functions.remove(key);
    }

    Collection<TaskRecord> inFlight() {
        return Collections.unmodifiableCollection(inFlight.values());
    }

    TaskRecord inFlight(long taskId) {
        return inFlight.get(taskId);
    }

    boolean idle() {
        return inFlight.isEmpty();
    }

    /** It runs its tasks in the order they were sent: the oldest in flight is the current one (0: none). */
    long currentTaskId() {
        return inFlight.isEmpty() ? 0 : inFlight.keySet().iterator().next();
    }

    long tasksDone() {
        return tasksDone;
    }

    long tasksFailed() {
        return tasksFailed;
    }
}
