package dev.jcluster.controller;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Engines the controller expects back under their id (after its own restart from the store, or
 * after an engine restarted itself to stop a stuck task), and the direct tasks waiting for each.
 * Controller's thread only.
 */
final class WaitingForEngines {
    /** Why each expected engine is away (for the messages of tasks that give up on it), and since when. */
    private final Map<Integer, Away> expected = new HashMap<>();
    private final Map<Integer, List<TaskRecord>> tasks = new HashMap<>();
    private long absences;

    private record Away(String why, long absence) {
    }

    /** @return this absence's number, for a deadline to check it is still the same absence */
    long expect(int engineId, String why) {
        expected.put(engineId, new Away(why, ++absences));
        return absences;
    }

    boolean expecting(int engineId) {
        return expected.containsKey(engineId);
    }

    /** Whether the engine is still away since {@code absence} began. */
    boolean stillAway(int engineId, long absence) {
        Away away = expected.get(engineId);
        return away != null && away.absence == absence;
    }

    String whyAway(int engineId) {
        Away away = expected.get(engineId);
        return away == null ? null : away.why;
    }

    Set<Integer> expectedIds() {
        return Set.copyOf(expected.keySet());
    }

    /** Keeps a direct task until its engine is back; the engine must be expected. */
    void hold(TaskRecord task) {
        if (!expecting(task.target)) {
            throw new IllegalStateException("engine " + task.target + " is not expected back");
        }
        tasks.computeIfAbsent(task.target, id -> new ArrayList<>()).add(task);
    }

    /**
     * The engine is back: what waited for it goes to it (but what was cancelled meanwhile), in the
     * order it was submitted, however it came to wait (given back, cut off in the wire, or new).
     */
    void engineBack(EngineSession engine, BiConsumer<EngineSession, TaskRecord> sender) {
        expected.remove(engine.id);
        List<TaskRecord> waiting = tasks.remove(engine.id);
        if (waiting != null) {
            waiting.stream().filter(TaskRecord::queued).sorted(Comparator.comparingLong(t -> t.id))
                    .forEach(t -> sender.accept(engine, t));
        }
    }

    /** No longer waits for the engine: the tasks that waited for it and still wait, for their caller to fail. */
    List<TaskRecord> giveUp(int engineId) {
        expected.remove(engineId);
        List<TaskRecord> waiting = tasks.remove(engineId);
        return waiting == null ? List.of() : waiting.stream().filter(TaskRecord::queued).toList();
    }
}
