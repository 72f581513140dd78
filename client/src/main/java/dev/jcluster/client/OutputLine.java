package dev.jcluster.client;

/** One line a streaming task printed while it ran, with its task and engine (ends with its newline, if any). */
public record OutputLine(long taskId, int engineId, boolean stderr, String text) {
}
