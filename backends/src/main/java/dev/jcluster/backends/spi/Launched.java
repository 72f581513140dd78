package dev.jcluster.backends.spi;

/**
 * Something a backend started and must be able to find again from another terminal: a local
 * process (pid and its start time, which guards against pid reuse) or a batch job id.
 * {@code processes} is how many engine (or controller) processes it holds: 1 for a process,
 * N for an array job or a job that starts N tasks; 0 in records written before it existed means 1.
 */
public record Launched(String role, String backend, String id, long startedAtMillis, String host, String logFile,
                       int processes) {
    public Launched(String role, String backend, String id, long startedAtMillis, String host, String logFile) {
        this(role, backend, id, startedAtMillis, host, logFile, 1);
    }

    /** The pid, for process-based backends. */
    public long pid() {
        return Long.parseLong(id);
    }

    public int processCount() {
        return Math.max(1, processes);
    }

    public boolean runsController() {
        return role.equals("controller");
    }
}
