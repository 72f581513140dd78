package dev.jcluster.backends.spi;

/**
 * Something a backend started and must be able to find again from another terminal: a local
 * process (pid and its start time, which guards against pid reuse) or a batch job id.
 */
public record Launched(String role, String backend, String id, long startedAtMillis, String host, String logFile) {
    /** The pid, for process-based backends. */
    public long pid() {
        return Long.parseLong(id);
    }
}
