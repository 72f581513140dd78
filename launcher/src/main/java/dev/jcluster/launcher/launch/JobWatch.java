package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import dev.jcluster.launcher.state.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Watches what a start launched while it waits: asks the backends for states no more often than
 * the slowest of them allows (a squeue a second, not ten), and says what the scheduler is doing
 * with each job: when its state changes, and every half minute while it is still not running.
 */
final class JobWatch {
    private static final long REMIND_NANOS = 30_000_000_000L;
    private static final int MAX_LOGS = 4;
    private static final int MAX_EXPLAINED = 3;

    private final Backends backends;
    private final List<Launched> launched;
    private final Reporter reporter;
    private final String queue;
    private final long intervalNanos;
    private final Map<Launched, State> last = new HashMap<>();
    private final Map<Launched, Long> since = new HashMap<>();
    private final Map<Launched, Long> toldAt = new HashMap<>();
    private Map<Launched, State> states = Map.of();
    private long checkedAt;

    JobWatch(Backends backends, List<Launched> launched, Reporter reporter, String queue) {
        this.backends = backends;
        this.launched = List.copyOf(launched);
        this.reporter = reporter;
        this.queue = queue;
        this.intervalNanos = ClusterState.pollInterval(launched, backends).toNanos();
    }

    /** The states, asked afresh when the last answer is older than the backends' poll interval. */
    Map<Launched, State> states() {
        long now = System.nanoTime();
        if (checkedAt == 0 || now - checkedAt >= intervalNanos) {
            states = ClusterState.statesOf(launched, backends);
            checkedAt = now;
            report(now);
        }
        return states;
    }

    List<Launched> launched() {
        return launched;
    }

    /** Launches known to be gone; UNKNOWN (a scheduler or host that did not answer) is not proof of that. */
    List<Launched> dead() {
        Map<Launched, State> s = states();
        return launched.stream().filter(l -> !s.get(l).alive() && s.get(l) != State.UNKNOWN).toList();
    }

    private void report(long now) {
        for (Launched l : launched) {
            if (!isJob(l)) {
                continue;
            }
            State s = states.get(l);
            if (last.put(l, s) != s) {
                since.put(l, now);
                toldAt.put(l, now);
                reporter.line(describe(l, s, now));
            } else if (s != State.RUNNING && now - toldAt.get(l) > REMIND_NANOS) {
                toldAt.put(l, now);
                reporter.line(describe(l, s, now));
            }
        }
    }

    private boolean isJob(Launched l) {
        return ClusterState.isJob(l, backends);
    }

    private String describe(Launched l, State s, long now) {
        long seconds = (now - since.get(l)) / 1_000_000_000L;
        return l.role() + ": " + l.backend() + " job " + l.id() + " " + s
                + (queue.isBlank() ? "" : " in " + (l.backend().equals("slurm") ? "partition " : "queue ") + queue)
                + (seconds > 0 ? " for " + seconds + " s" : "");
    }

    /** Why the given launches are gone: each one's state and the tail of each of its logs (the first few). */
    String explain(List<Launched> gone) {
        StringBuilder sb = new StringBuilder();
        for (Launched l : gone.subList(0, Math.min(gone.size(), MAX_EXPLAINED))) {
            State s = states.getOrDefault(l, State.UNKNOWN);
            boolean local = !isJob(l);
            sb.append(l.role()).append(" (").append(l.backend()).append(local ? " pid " : " job ").append(l.id())
                    .append("): ").append(local ? (s.alive() ? "running" : "exited")
                            : s == State.MISSING ? "no longer in the queue" : s.name()).append(reason(l, s)).append('\n');
            for (Path log : logsOf(l, !local)) {
                sb.append(LogTail.of(log, 10)).append('\n');
            }
        }
        if (gone.size() > MAX_EXPLAINED) {
            sb.append("... and ").append(gone.size() - MAX_EXPLAINED).append(" more like them\n");
        }
        return sb.toString().stripTrailing();
    }

    /** For a job blocked in its queue, the scheduler's own word on why (HTCondor's hold reason). */
    private String reason(Launched l, State s) {
        if (s != State.BLOCKED) {
            return "";
        }
        try {
            return backends.create(l.backend()).reason(l).map(r -> " (" + r + ")")
                    .orElse(" (it waits in the queue for someone to release it)");
        } catch (IllegalArgumentException unknownBackend) {
            return "";
        }
    }

    /** The processes' own logs, and for a batch job the scheduler's output files that carry its id. */
    static List<Path> logsOf(Launched l, boolean job) {
        List<Path> out = new ArrayList<>();
        Path own = Path.of(l.logFile());
        Path dir = own.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of(own);
        }
        Matcher range = Pattern.compile("engines-(\\d+)-(\\d+)").matcher(l.role());
        if (range.matches()) {
            int from = Integer.parseInt(range.group(1));
            int to = Math.min(Integer.parseInt(range.group(2)), from + MAX_LOGS - 1);
            for (int i = from; i <= to; i++) {
                addIfPresent(out, dir.resolve("engine-" + i + ".log"));
            }
        }
        if (!job || !range.matches()) {
            addIfPresent(out, own);
        }
        if (!job) {
            return out.isEmpty() ? List.of(own) : out;
        }
        String id = l.id().replaceAll("[^0-9].*", "");
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().matches(".*\\.(sh|xml)|(engine-\\d+|controller)\\.log"))
                    .filter(p -> p.getFileName().toString().matches(".*\\D" + id + "(\\D.*)?"))
                    .sorted().limit(MAX_LOGS).forEach(out::add);
        } catch (IOException e) {
            // the process logs alone must do
        }
        return out.isEmpty() ? List.of(own) : out;
    }

    private static void addIfPresent(List<Path> out, Path p) {
        if (Files.exists(p)) {
            out.add(p);
        }
    }
}
