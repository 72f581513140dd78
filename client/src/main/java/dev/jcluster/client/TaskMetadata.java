package dev.jcluster.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What is known about one finished task: where and when it ran, the CPU time its thread used on
 * the engine (null for shell commands and tasks that never ran), what it printed, and every
 * earlier attempt (for load-balanced tasks that were re-run).
 */
public record TaskMetadata(long taskId, int engineId, String host, Instant submitted, Instant started,
                           Instant completed, String stdout, String stderr, List<String> attempts, Duration cpuTime) {

    /** From start to completion on the engine; null when it never started. */
    public Duration wallTime() {
        return started == null || completed == null ? null : Duration.between(started, completed);
    }
}
