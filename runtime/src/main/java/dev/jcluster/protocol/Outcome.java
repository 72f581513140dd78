package dev.jcluster.protocol;

/** How a task ended. */
public enum Outcome {
    OK, ERROR, TIMEOUT, CANCELLED, ENGINE_LOST;

    public boolean succeeded() {
        return this == OK;
    }
}
