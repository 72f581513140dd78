package dev.jcluster.launcher.adapt;

import java.util.List;

/**
 * What one look at a cluster found: its load-balanced queue, its engines, and the engines launched
 * but not registered yet ({@code pendingEngines}, in {@code pendingAllocations} jobs or launches).
 */
public record Observation(long nowMillis, int queued, long queuedWaitMillis, List<EngineView> engines,
                          int pendingEngines, int pendingAllocations) {
    public Observation {
        engines = List.copyOf(engines);
    }

    /** One engine: {@code idle} runs nothing; {@code leaving} is draining or lost, so it counts for nothing. */
    public record EngineView(int id, boolean idle, boolean leaving, long tasksDone) {
    }

    public int live() {
        return (int) engines.stream().filter(e -> !e.leaving()).count();
    }

    public boolean anyFree() {
        return engines.stream().anyMatch(e -> !e.leaving() && e.idle());
    }
}
