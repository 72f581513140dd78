package dev.jcluster.protocol;

import java.util.Locale;

/** An engine as the controller sees it; shown in lower case ("idle"), as status and top print it. */
public enum EngineState {
    /** Registered and running nothing. */
    IDLE,
    /** Running or holding tasks. */
    BUSY,
    /** Takes no new tasks (its batch job ends soon) and leaves once its tasks are done. */
    DRAINING,
    /** Gone: its connection closed or its heartbeats stopped. */
    LOST,
    /** Gone as told, after it drained (its walltime ended, or the cluster shrank): nothing was lost. */
    LEFT;

    public boolean live() {
        return this != LOST && this != LEFT;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
