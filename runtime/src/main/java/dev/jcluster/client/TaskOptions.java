package dev.jcluster.client;

import java.time.Duration;

/**
 * Per-task settings: how often a load-balanced task is re-run after losing its engine, how long it
 * may run, and how many map elements go into one task. Immutable; start from {@link #DEFAULTS}.
 */
public record TaskOptions(int retries, Duration timeout, int chunkSize) {
    public static final TaskOptions DEFAULTS = new TaskOptions(0, Duration.ZERO, 1);

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
    }

    public TaskOptions withRetries(int n) {
        return new TaskOptions(n, timeout, chunkSize);
    }

    /** Zero means no limit. */
    public TaskOptions withTimeout(Duration d) {
        return new TaskOptions(retries, d, chunkSize);
    }

    public TaskOptions withChunkSize(int n) {
        return new TaskOptions(retries, timeout, n);
    }
}
