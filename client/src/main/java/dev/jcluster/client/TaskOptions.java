package dev.jcluster.client;

import dev.jcluster.protocol.Submit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-task settings: how often a load-balanced task is re-run (after losing its engine, and after
 * the failures named in {@code retryOn}), how long it may run, and how many map elements go into
 * one task. Immutable; start from {@link #DEFAULTS}.
 */
public record TaskOptions(int retries, Duration timeout, int chunkSize, List<String> retryOn) {
    public static final TaskOptions DEFAULTS = new TaskOptions(0, Duration.ZERO, 1, List.of());

    public TaskOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries < 0: " + retries);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize < 1: " + chunkSize);
        }
        retryOn = List.copyOf(retryOn);
    }

    public TaskOptions(int retries, Duration timeout, int chunkSize) {
        this(retries, timeout, chunkSize, List.of());
    }

    /** At most {@code n} re-runs in all, elsewhere after a lost engine, and after the failures asked for. */
    public TaskOptions withRetries(int n) {
        return new TaskOptions(n, timeout, chunkSize, retryOn);
    }

    /** Zero means no limit. */
    public TaskOptions withTimeout(Duration d) {
        return new TaskOptions(retries, d, chunkSize, retryOn);
    }

    public TaskOptions withChunkSize(int n) {
        return new TaskOptions(retries, timeout, n, retryOn);
    }

    /**
     * Re-runs (within {@link #retries}) a task that failed by itself: any exception it threw, or a
     * shell command's non-zero exit. Each attempt is kept in the task's history with its engine
     * and cause. Not after a timeout or a cancel.
     */
    public TaskOptions retryingFailures() {
        return new TaskOptions(retries, timeout, chunkSize, List.of(Submit.ANY_FAILURE));
    }

    /**
     * Re-runs (within {@link #retries}) a task that threw one of these exceptions, matched by
     * class name as the engine reports it (a subclass is not matched).
     */
    @SafeVarargs
    public final TaskOptions retryingOn(Class<? extends Throwable>... types) {
        List<String> names = new ArrayList<>(retryOn);
        for (Class<? extends Throwable> t : types) {
            names.add(t.getName());
        }
        return new TaskOptions(retries, timeout, chunkSize, names);
    }
}
