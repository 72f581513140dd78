package dev.jcluster.client;

import java.time.Instant;
import java.util.List;

/**
 * What is known about one finished task: where and when it ran, what it printed, and every
 * earlier attempt (for load-balanced tasks that were re-run after losing an engine).
 */
public record TaskMetadata(long taskId, int engineId, String host, Instant submitted, Instant started,
                           Instant completed, String stdout, String stderr, List<String> attempts) {
}
