package dev.jcluster.controller;

import dev.jcluster.protocol.Result;
import java.util.TreeSet;

/**
 * Whether a load-balanced task kept to some engines (Submit#onlyOn) can still run: one of them is
 * here and takes tasks, or is expected back (restarting). A task that cannot fails, naming its engines, rather than wait forever.
 */
final class Placement {
    private final EngineRegistry engines;
    private final WaitingForEngines waiting;

    Placement(EngineRegistry engines, WaitingForEngines waiting) {
        this.engines = engines;
        this.waiting = waiting;
    }

    boolean possible(TaskRecord task) {
        if (task.onlyOn().isEmpty()) {
            return true;
        }
        for (int id : task.onlyOn()) {
            EngineSession e = engines.live(id);
            if ((e != null && e.draining() == null) || waiting.expecting(id)) {
                return true;
            }
        }
        return false;
    }

    Result impossible(TaskRecord task) {
        return Result.noSuchEngine(task.id, -1, "", task.submittedAt, "none of engines " + new TreeSet<>(task.onlyOn())
                + " that task " + task.clientTaskId + " may run on is in this cluster and taking tasks (engines: "
                + engines.liveIds() + ")");
    }
}
