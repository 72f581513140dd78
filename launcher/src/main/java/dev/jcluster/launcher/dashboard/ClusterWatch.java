package dev.jcluster.launcher.dashboard;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Set;

/**
 * Looks at a cluster once a second through the client API, whatever the number of pages open: a
 * status, the newest tasks that ended well and the newest failures. Keeps the last minutes as series and a window of
 * task bars, and turns engine state changes into events. One thread calls {@link #look}.
 */
final class ClusterWatch {
    static final int SERIES_POINTS = 300;
    static final long BAR_WINDOW_MILLIS = 5 * 60_000;
    static final int MAX_BARS = 5_000;
    private static final int TASKS_PER_LOOK = 1_000;
    private static final int FAILED_PER_LOOK = 200;
    private static final int FAILURES_SHOWN = 20;
    private static final int EVENTS = 30;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Client client;
    private final String cluster;
    private final Deque<Long> times = new ArrayDeque<>();
    private final Deque<Double> rates = new ArrayDeque<>();
    private final Deque<Integer> queues = new ArrayDeque<>();
    private final Set<Long> seen = new LinkedHashSet<>();
    private final Map<Integer, EngineState> states = new HashMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    /** The bars of the window as of the last look, for pages opening on another thread. */
    private volatile List<Snapshot.Bar> window = List.of();
    private long lastCompleted = -1;
    private long lastLookNanos;

    ClusterWatch(Client client, String cluster) {
        this.client = client;
        this.cluster = cluster;
    }

    /** One look; returns the push for the pages (with only the bars new since the last look). */
    Snapshot look() throws IOException {
        long nowNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        Status s = client.status();
        boolean first = lastLookNanos == 0;
        long done = s.completed() + s.failed();
        double seconds = lastLookNanos == 0 ? 0 : (nowNanos - lastLookNanos) / 1e9;
        double rate = lastCompleted < 0 || seconds <= 0 ? 0 : Math.max(0, done - lastCompleted) / seconds;
        lastCompleted = done;
        lastLookNanos = nowNanos;
        point(now / 1000, rate, s.queued());
        // ended tasks only: asking for every state would walk the whole queue and every running task each second
        List<TaskRow> failed = client.tasks(TaskState.FAILED, -1, FAILED_PER_LOOK).tasks();
        List<TaskRow> ended = new ArrayList<>(client.tasks(TaskState.DONE, -1, TASKS_PER_LOOK).tasks());
        ended.addAll(failed);
        List<Snapshot.Bar> fresh = newBars(ended, now);
        List<Snapshot.Failure> failures = failed.stream().limit(FAILURES_SHOWN)
                .map(t -> new Snapshot.Failure(t.id(), t.engineId(), t.host(), t.finishedAt(), t.errorClass(),
                        t.errorMessage())).toList();
        stateEvents(s.engines(), first);
        AdaptNote adapt = AdaptNote.in(s.notes()).orElse(null);
        List<String> all = new ArrayList<>(events);
        String activity = "";
        if (adapt != null) {
            all.addAll(adapt.events());
            activity = "adapt " + adapt.min() + ".." + adapt.max() + ": " + adapt.activity();
        }
        all.sort(null);  // each starts with its HH:mm:ss
        List<Snapshot.Engine> engines = s.engines().stream().filter(e -> e.state().live()).map(ClusterWatch::engine)
                .toList();
        return new Snapshot(cluster, now, engines.size(), s.queued(), s.completed(), s.failed(), rate, engines,
                series(), fresh, failures, all.subList(Math.max(0, all.size() - EVENTS), all.size()), activity);
    }

    /** The bars of the last minutes, for a page that just opened; any thread. */
    List<Snapshot.Bar> window() {
        return window;
    }

    private void point(long t, double rate, int queued) {
        times.addLast(t);
        rates.addLast(Math.round(rate * 10) / 10.0);
        queues.addLast(queued);
        if (times.size() > SERIES_POINTS) {
            times.removeFirst();
            rates.removeFirst();
            queues.removeFirst();
        }
    }

    private Snapshot.Series series() {
        return new Snapshot.Series(List.copyOf(times), List.copyOf(rates), List.copyOf(queues));
    }

    private List<Snapshot.Bar> newBars(List<TaskRow> rows, long now) {
        List<Snapshot.Bar> fresh = new ArrayList<>();
        for (TaskRow t : rows) {
            if (t.finishedAt() <= 0 || t.engineId() < 0 || !seen.add(t.id())) {
                continue;
            }
            long start = t.startedAt() > 0 ? t.startedAt() : t.finishedAt();
            fresh.add(new Snapshot.Bar(t.id(), t.engineId(), start, t.finishedAt(),
                    t.outcome() == null ? "ok" : t.outcome().toString()));
        }
        for (Iterator<Long> it = seen.iterator(); seen.size() > 4 * (TASKS_PER_LOOK + FAILED_PER_LOOK); ) {
            it.next();
            it.remove();
        }
        List<Snapshot.Bar> kept = new ArrayList<>(window.size() + fresh.size());
        window.stream().filter(b -> b.f() >= now - BAR_WINDOW_MILLIS).forEach(kept::add);
        kept.addAll(fresh);
        window = List.copyOf(kept.subList(Math.max(0, kept.size() - MAX_BARS), kept.size()));
        return fresh;
    }

    /** Engines joining, draining, leaving and lost are what a person watching wants told. */
    private void stateEvents(List<EngineInfo> engines, boolean first) {
        String at = LocalTime.now().format(CLOCK);
        for (EngineInfo e : engines) {
            EngineState before = states.put(e.id(), e.state());
            if (before == null ? !first : before != e.state() && !(before.live() && e.state().live()
                    && e.state() != EngineState.DRAINING)) {
                event(at + " engine " + e.id() + " on " + e.host() + (before == null ? " joined"
                        : before == EngineState.LOST && e.state().live() ? " is back" : " " + e.state()));
            }
        }
    }

    private void event(String text) {
        events.addLast(text);
        if (events.size() > EVENTS) {
            events.removeFirst();
        }
    }

    private static Snapshot.Engine engine(EngineInfo e) {
        return new Snapshot.Engine(e.id(), e.host(), e.state().toString(), e.currentTask(), e.cpuLoad(), e.heapUsed(),
                e.heapMax(), e.tasksDone(), e.tasksFailed());
    }
}
