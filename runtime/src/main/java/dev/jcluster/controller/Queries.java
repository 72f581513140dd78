package dev.jcluster.controller;

import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Read-only views of the dispatcher's state for status, `top`, `tasks` and `task ID`; on the controller's thread. */
final class Queries {
    private Queries() {
    }

    static Status status(String clusterId, long startedNanos, Collection<EngineSession> engines, int queued,
                         long submitted, long completed, long failed, int clients, long untaken, long stored,
                         int heartbeatMillis, int missedBeats, boolean heartbeatStretched) {
        long now = System.nanoTime();
        List<EngineInfo> list = new ArrayList<>();
        for (EngineSession e : engines) {
            String state = e.lost ? "lost" : e.draining != null ? "draining" : e.inFlight.isEmpty() ? "idle" : "busy";
            // an engine runs its tasks in the order they were sent: the oldest in flight is the current one
            long current = e.inFlight.isEmpty() ? 0 : e.inFlight.keySet().iterator().next();
            list.add(new EngineInfo(e.id, e.hello.uuid(), e.hello.host(), e.hello.pid(), state, e.tasksDone,
                    e.tasksFailed, e.inFlight.size(), TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos),
                    e.load.heapUsed(), e.load.heapMax(), e.load.cpuLoad(), e.load.rss(), current));
        }
        return new Status(clusterId, ProcessHandle.current().pid(), TimeUnit.NANOSECONDS.toMillis(now - startedNanos),
                list, queued, submitted, completed, failed, clients, untaken, stored, heartbeatMillis, missedBeats,
                heartbeatStretched);
    }

    /** Running, queued and finished tasks matching the request, newest first. */
    static TaskList tasks(Collection<EngineSession> engines, Collection<TaskRecord> queue, TaskHistory history,
                          TaskListRequest request) {
        List<TaskRow> rows = new ArrayList<>();
        boolean all = "all".equals(request.state());
        if (all || "running".equals(request.state())) {
            for (EngineSession e : engines) {
                for (TaskRecord t : e.inFlight.values()) {
                    if (request.engineId() < 0 || request.engineId() == e.id) {
                        rows.add(TaskHistory.live(t, "running", e.id, e.hello.host()));
                    }
                }
            }
        }
        if ((all || "queued".equals(request.state())) && request.engineId() < 0) {
            for (TaskRecord t : queue) {
                rows.add(TaskHistory.live(t, "queued", -1, ""));
            }
        }
        if (all || "failed".equals(request.state())) {
            boolean failedOnly = "failed".equals(request.state());
            for (TaskDetail d : history.newestFirst()) {
                if (rows.size() >= request.limit()) {
                    break;
                }
                if ((!failedOnly || "failed".equals(d.row().state()))
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
            TaskRecord t = e.inFlight.get(id);
            if (t != null) {
                return new TaskDetail(true, TaskHistory.live(t, "running", e.id, e.hello.host()),
                        List.copyOf(t.attempts), "", "", "");
            }
        }
        for (TaskRecord t : queue) {
            if (t.id == id) {
                return new TaskDetail(true, TaskHistory.live(t, "queued", -1, ""), List.copyOf(t.attempts), "", "", "");
            }
        }
        return TaskDetail.notFound(id);
    }
}
