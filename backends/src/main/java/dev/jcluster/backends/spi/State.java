package dev.jcluster.backends.spi;

/** The common states every backend maps its own onto. */
public enum State {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, HELD, UNKNOWN, MISSING;

    /** True while the thing may still do work or start doing it. */
    public boolean alive() {
        return this == PENDING || this == RUNNING || this == HELD;
    }
}
