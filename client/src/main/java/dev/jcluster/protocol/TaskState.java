package dev.jcluster.protocol;

import java.util.Locale;

/** Where a task is: waiting, on an engine, or ended; shown in lower case ("running"), as `jcluster tasks` prints it. */
public enum TaskState {
    QUEUED,
    RUNNING,
    /** Ended with {@link Outcome#OK}. */
    DONE,
    /** Ended any other way: an error, a timeout, a cancel, a lost engine. */
    FAILED;

    public static TaskState ended(Outcome outcome) {
        return outcome.succeeded() ? DONE : FAILED;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
