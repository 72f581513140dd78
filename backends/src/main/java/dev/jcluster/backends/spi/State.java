package dev.jcluster.backends.spi;

/**
 * The common states every backend maps its own onto. HELD is held or suspended and may go on by
 * itself; BLOCKED waits in the queue for a person (HTCondor's Held, Grid Engine's error states): it
 * will not run, so it counts as dead, yet it must still be cancelled to leave the queue.
 */
public enum State {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, HELD, BLOCKED, UNKNOWN, MISSING;

    /** True while the thing may still do work or start doing it. */
    public boolean alive() {
        return this == PENDING || this == RUNNING || this == HELD;
    }

    /** True while it sits in a scheduler's queue without running: cancelling it is what removes it. */
    public boolean queued() {
        return this == PENDING || this == HELD || this == BLOCKED;
    }
}
