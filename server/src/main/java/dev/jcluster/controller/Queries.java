package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.FetchedResult;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Read-only views of the controller's state for status, `top`, `tasks` and `task ID`; on the controller's thread. */
final class Queries {
    private final String clusterId;
    private final long startedNanos = System.nanoTime();
    private final EngineRegistry engines;
    private final LoadBalancedQueue queue;
    private final TaskHistory history;
    private final TaskCounts counts;
    private final Clients clients;
    private final TaskStore store;
    private final Liveness liveness;
    private final Notes notes;

    Queries(String clusterId, EngineRegistry engines, LoadBalancedQueue queue, TaskHistory history, TaskCounts counts,
            Clients clients, TaskStore store, Liveness liveness, Notes notes) {
        this.clusterId = clusterId;
        this.engines = engines;
        this.queue = queue;
        this.history = history;
        this.counts = counts;
        this.clients = clients;
        this.store = store;
        this.liveness = liveness;
        this.notes = notes;
    }

    Status status() {
        long now = System.nanoTime();
        List<EngineInfo> list = new ArrayList<>(engines.all().size());
        for (EngineSession e : engines.all()) {
            list.add(new EngineInfo(e.id, e.hello.uuid(), e.hello.host(), e.hello.pid(), e.state(), e.tasksDone(),
                    e.tasksFailed(), e.inFlight().size(), TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos()),
                    e.load().heapUsed(), e.load().heapMax(), e.load().cpuLoad(), e.load().rss(), e.currentTaskId()));
        }
        return new Status(clusterId, ProcessHandle.current().pid(), TimeUnit.NANOSECONDS.toMillis(now - startedNanos),
                list, (int) Math.min(Integer.MAX_VALUE, queue.size()),
                queue.firstWaitMillis(System.currentTimeMillis()), counts.submitted(), counts.completed(),
                counts.failed(), clients.connectedCount(), clients.untakenCount(), store.durable() ? store.size() : -1,
                liveness.periodMillis(), liveness.missedBeats(), liveness.stretched(), notes.all());
    }

    /** Running, queued and finished tasks matching the request, newest first. */
    TaskList tasks(TaskListRequest request) {
        List<TaskRow> rows = new ArrayList<>();
        if (request.wants(TaskState.RUNNING)) {
            for (EngineSession e : engines.all()) {
                for (TaskRecord t : e.inFlight()) {
                    if (request.engineId() < 0 || request.engineId() == e.id) {
                        rows.add(TaskHistory.live(t, TaskState.RUNNING, e.id, e.hello.host()));
                    }
                }
            }
        }
        if (request.wants(TaskState.QUEUED) && request.engineId() < 0) {
            for (TaskRecord t : queue.inMemory()) {
                rows.add(TaskHistory.live(t, TaskState.QUEUED, -1, ""));
            }
        }
        if (request.wants(TaskState.DONE) || request.wants(TaskState.FAILED)) {
            for (TaskDetail d : history.newestFirst()) {
                if (rows.size() >= request.limit()) {
                    break;
                }
                if (request.wants(d.row().state())
                        && (request.engineId() < 0 || request.engineId() == d.row().engineId())) {
                    rows.add(d.row());
                }
            }
        }
        rows.sort((a, b) -> Long.compare(b.id(), a.id()));
        return new TaskList(List.copyOf(rows.subList(0, Math.min(rows.size(), Math.max(0, request.limit())))),
                history.limit());
    }

    /** A finished task's result for any client, by the controller's id; or why there is none. */
    FetchedResult result(long id) {
        FetchedResult done = history.fetch(id);
        if (done != null) {
            return done;
        }
        TaskDetail live = task(id);
        if (live.found()) {
            return FetchedResult.none(id, true, live.row().state(), "task " + id + " has not finished: it is "
                    + live.row().state() + (live.row().engineId() >= 0 ? " on engine " + live.row().engineId() : ""));
        }
        return FetchedResult.none(id, false, TaskState.QUEUED, "no task " + id + " in the controller's history"
                + " (it keeps the last " + history.limit() + " finished tasks: controller.history)");
    }

    TaskDetail task(long id) {
        TaskDetail done = history.get(id);
        if (done != null) {
            return done;
        }
        for (EngineSession e : engines.all()) {
            TaskRecord t = e.inFlight(id);
            if (t != null) {
                return new TaskDetail(true, TaskHistory.live(t, TaskState.RUNNING, e.id, e.hello.host()),
                        List.copyOf(t.attempts()), "", "", "");
            }
        }
        for (TaskRecord t : queue.inMemory()) {
            if (t.id == id) {
                return new TaskDetail(true, TaskHistory.live(t, TaskState.QUEUED, -1, ""), List.copyOf(t.attempts()), "", "", "");
            }
        }
        return TaskDetail.notFound(id);
    }
}
