package dev.jcluster.protocol;

import java.util.Locale;

/** How a task ended; shown in lower case ("engine_lost"), as `jcluster tasks` prints it. */
public enum Outcome {
    OK, ERROR, TIMEOUT, CANCELLED, ENGINE_LOST;

    public boolean succeeded() {
        return this == OK;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
