package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** One frame of `jcluster top` as lines of at most {@code width} characters, for {@code height} rows. */
final class TopFrame {
    enum Sort {
        ID(Comparator.comparingInt(EngineInfo::id)),
        CPU(Comparator.comparingDouble(EngineInfo::cpuLoad).reversed()),
        DONE(Comparator.comparingLong(EngineInfo::tasksDone).reversed()),
        FAILED(Comparator.comparingLong(EngineInfo::tasksFailed).reversed()),
        HEARTBEAT(Comparator.comparingLong(EngineInfo::heartbeatAgeMillis).reversed());

        final Comparator<EngineInfo> order;

        Sort(Comparator<EngineInfo> order) {
            this.order = order;
        }

        Sort next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    enum Filter {
        ALL, BUSY, IDLE, LOST;

        boolean accepts(EngineInfo e) {
            return this == ALL || e.state().name().equals(name());
        }

        Filter next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    private TopFrame() {
    }

    static List<String> render(String cluster, Status s, List<TaskRow> failures, double rate, Sort sort, Filter filter,
                               int width, int height, boolean keys) {
        List<String> lines = new ArrayList<>();
        long busy = s.engines().stream().filter(e -> e.state() == EngineState.BUSY).count();
        long idle = s.engines().stream().filter(e -> e.state() == EngineState.IDLE).count();
        long lost = s.engines().stream().filter(e -> e.state() == EngineState.LOST).count();
        int running = s.engines().stream().mapToInt(EngineInfo::tasksRunning).sum();
        lines.add(String.format(Locale.ROOT, "jcluster top - %s   up %s   engines %d busy, %d idle, %d lost   %s",
                cluster, Times.seconds(s.uptimeMillis()), busy, idle, lost, Times.clock(System.currentTimeMillis())));
        lines.add(String.format(Locale.ROOT, "tasks %d done, %d failed, %d running, %d queued   %.1f tasks/s   clients %d",
                s.completed(), s.failed(), running, s.queued(), rate, s.clients()));
        AdaptNote.in(s.notes()).ifPresent(a -> lines.add(Times.cut(String.format(Locale.ROOT, "adapt %d..%d: %s",
                a.min(), a.max(), a.activity()), Math.max(20, width))));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%4s %-12s %-5s %8s %7s %5s %6s %6s %6s %6s", "ID", "HOST", "STATE", "TASK",
                "DONE", "FAIL", "CPU%", "HEAP", "RSS", "BEAT"));
        List<EngineInfo> engines = s.engines().stream().filter(filter::accepts).sorted(sort.order).toList();
        int room = Math.max(1, height - lines.size() - 3 - Math.min(3, failures.size()) - (keys ? 1 : 0));
        for (EngineInfo e : engines.subList(0, Math.min(room, engines.size()))) {
            lines.add(String.format(Locale.ROOT, "%4d %-12s %-5s %8s %7d %5d %6s %6s %6s %6s", e.id(),
                    Times.cut(e.host(), 12), e.state(), e.currentTask() == 0 ? "-" : Long.toString(e.currentTask()),
                    e.tasksDone(), e.tasksFailed(), e.cpuLoad() < 0 ? "-" : String.format(Locale.ROOT, "%.1f",
                            e.cpuLoad() * 100 * Runtime.getRuntime().availableProcessors()),
                    Times.bytes(e.heapUsed()), Times.bytes(e.rss()), Times.seconds(e.heartbeatAgeMillis())));
        }
        if (engines.size() > room) {
            lines.add("  ... " + (engines.size() - room) + " more engines");
        }
        lines.add("");
        lines.add(failures.isEmpty() ? "no failed tasks" : "recent failures:");
        for (TaskRow t : failures.subList(0, Math.min(3, failures.size()))) {
            lines.add(String.format(Locale.ROOT, "  %d engine %d: %s: %s", t.id(), t.engineId(), t.errorClass(),
                    t.errorMessage()));
        }
        if (keys) {
            lines.add("[q] quit  [s] sort: " + sort.name().toLowerCase(Locale.ROOT) + "  [f] filter: "
                    + filter.name().toLowerCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(Times.cut(l, width));
        }
        return out;
    }
}
