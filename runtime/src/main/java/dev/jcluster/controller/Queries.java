package dev.jcluster.controller;

import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Read-only views of the controller's state for status, `top`, `tasks` and `task ID`; on the controller's thread. */
final class Queries {
    private Queries() {
    }

    /** {@code stored}: records in the task store, -1 without one. */
    static Status status(String clusterId, long startedNanos, Collection<EngineSession> engines, long queued,
                         TaskCounts counts, int clients, long untaken, long stored, Liveness liveness) {
        long now = System.nanoTime();
        List<EngineInfo> list = new ArrayList<>(engines.size());
        for (EngineSession e : engines) {
            list.add(new EngineInfo(e.id, e.hello.uuid(), e.hello.host(), e.hello.pid(), e.state(), e.tasksDone(),
                    e.tasksFailed(), e.inFlight().size(), TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos()),
                    e.load().heapUsed(), e.load().heapMax(), e.load().cpuLoad(), e.load().rss(), e.currentTaskId()));
        }
        return new Status(clusterId, ProcessHandle.current().pid(), TimeUnit.NANOSECONDS.toMillis(now - startedNanos),
                list, (int) Math.min(Integer.MAX_VALUE, queued), counts.submitted(), counts.completed(),
                counts.failed(), clients, untaken, stored, liveness.periodMillis(), liveness.missedBeats(),
                liveness.stretched());
    }

    /** Running, queued and finished tasks matching the request, newest first. */
    static TaskList tasks(Collection<EngineSession> engines, Collection<TaskRecord> queue, TaskHistory history,
                          TaskListRequest request) {
        List<TaskRow> rows = new ArrayList<>();
        if (request.wants(TaskState.RUNNING)) {
            for (EngineSession e : engines) {
                for (TaskRecord t : e.inFlight()) {
                    if (request.engineId() < 0 || request.engineId() == e.id) {
                        rows.add(TaskHistory.live(t, TaskState.RUNNING, e.id, e.hello.host()));
                    }
                }
            }
        }
        if (request.wants(TaskState.QUEUED) && request.engineId() < 0) {
            for (TaskRecord t : queue) {
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

    static TaskDetail task(Collection<EngineSession> engines, Collection<TaskRecord> queue, TaskHistory history, long id) {
        TaskDetail done = history.get(id);
        if (done != null) {
            return done;
        }
        for (EngineSession e : engines) {
            TaskRecord t = e.inFlight(id);
            if (t != null) {
                return new TaskDetail(true, TaskHistory.live(t, TaskState.RUNNING, e.id, e.hello.host()),
                        List.copyOf(t.attempts()), "", "", "");
            }
        }
        for (TaskRecord t : queue) {
            if (t.id == id) {
                return new TaskDetail(true, TaskHistory.live(t, TaskState.QUEUED, -1, ""), List.copyOf(t.attempts()), "", "", "");
            }
        }
        return TaskDetail.notFound(id);
    }
}
