package dev.jcluster.launcher.adapt;

import dev.jcluster.launcher.profiles.DurationText;
import dev.jcluster.launcher.profiles.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When to add engines and which to retire, from one look at the cluster after another. No I/O and
 * no clock of its own: time comes with each {@link Observation}, so tests drive it with a fake one.
 *
 * <p>It adds when tasks have waited {@code interval} with no engine free (as many as wait, within
 * max, counting engines already on their way), or when the cluster is below min; never while
 * {@code backlog} allocations still wait in a queue. It retires an engine found idle, its done count
 * unchanged, at {@value #IDLE_LOOKS} looks in a row or more spanning {@code idle}, and only while
 * nothing waits and the cluster stays at min or above. Failed submissions back off, doubling from
 * {@code interval}; {@code max-failures} in a row pause it for {@code pause}.
 */
public final class AdaptPolicy {
    static final int IDLE_LOOKS = 3;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Profile.Adapt settings;
    private final Map<Integer, IdleStreak> idle = new HashMap<>();
    private Memory memory;

    public AdaptPolicy(Profile.Adapt settings, Memory memory) {
        this.settings = settings;
        this.memory = memory;
    }

    /**
     * What outlives a supervisor or controller restart: failures in a row, the last one's cause, and
     * until when it backs off or pauses (epoch ms; 0: not).
     */
    public record Memory(int failures, String lastFailure, long retryAtMillis, long pausedUntilMillis) {
        public static final Memory FRESH = new Memory(0, "", 0, 0);
    }

    public Memory memory() {
        return memory;
    }

    public Decision decide(Observation o) {
        List<Integer> retire = retirements(o);
        int live = o.live() - retire.size();
        int coming = live + o.pendingEngines();
        int want;
        String why;
        if (coming < settings.min()) {
            want = settings.min() - coming;
            why = "adding " + want + " (below adapt.min " + settings.min() + ")";
        } else if (o.queued() > 0 && o.queuedWaitMillis() >= settings.interval().toMillis() && !o.anyFree()) {
            want = Math.min(settings.max() - coming, o.queued() - o.pendingEngines());
            why = "adding " + want + " (" + o.queued() + " task" + (o.queued() == 1 ? "" : "s") + " waiting "
                    + o.queuedWaitMillis() / 1000 + " s)";
            if (want <= 0) {
                return new Decision(0, retire, coming >= settings.max()
                        ? "at adapt.max (" + settings.max() + " engines); " + o.queued() + " tasks waiting"
                        : o.pendingEngines() + " engine(s) on their way for " + o.queued() + " waiting task(s)");
            }
        } else {
            return new Decision(0, retire, retire.isEmpty() ? steady(o, live) : retiring(retire));
        }
        if (o.nowMillis() < memory.pausedUntilMillis()) {
            return new Decision(0, retire, "paused until " + at(memory.pausedUntilMillis()) + ": "
                    + settings.maxFailures() + " failed submission(s) in a row; last: " + memory.lastFailure());
        }
        if (o.nowMillis() < memory.retryAtMillis()) {
            return new Decision(0, retire, "backing off until " + at(memory.retryAtMillis()) + " after "
                    + memory.failures() + " failed submission(s): " + memory.lastFailure());
        }
        if (o.pendingAllocations() >= settings.backlog()) {
            return new Decision(0, retire, o.pendingAllocations() + " allocation(s) still waiting to start "
                    + "(adapt.backlog " + settings.backlog() + "); " + o.pendingEngines() + " engine(s) on their way");
        }
        return new Decision(want, retire, why);
    }

    /** A submission was refused, or its job ended before any of its engines registered. */
    public void failed(String cause, long nowMillis) {
        int failures = memory.failures() + 1;
        if (failures >= settings.maxFailures()) {
            memory = new Memory(0, cause, 0, nowMillis + settings.pause().toMillis());
        } else {
            long backoff = Math.min(MAX_BACKOFF.toMillis(), settings.interval().toMillis() << failures);
            memory = new Memory(failures, cause, nowMillis + backoff, 0);
        }
    }

    /** An engine it asked for registered: whatever failed before is behind it. */
    public void succeeded() {
        if (memory.failures() > 0 || memory.retryAtMillis() > 0) {
            memory = new Memory(0, memory.lastFailure(), 0, memory.pausedUntilMillis());
        }
    }

    private List<Integer> retirements(Observation o) {
        List<IdleStreak> ready = new ArrayList<>();
        Map<Integer, IdleStreak> seen = new HashMap<>();
        for (Observation.EngineView e : o.engines()) {
            if (e.leaving() || !e.idle()) {
                continue;
            }
            IdleStreak s = idle.get(e.id());
            s = s == null || s.tasksDone != e.tasksDone() ? new IdleStreak(e.id(), e.tasksDone(), o.nowMillis(), 1)
                    : new IdleStreak(e.id(), e.tasksDone(), s.since, s.looks + 1);
            seen.put(e.id(), s);
            if (s.looks >= IDLE_LOOKS && o.nowMillis() - s.since >= settings.idle().toMillis()) {
                ready.add(s);
            }
        }
        idle.clear();
        idle.putAll(seen);
        if (o.queued() > 0) {
            return List.of();
        }
        int spare = o.live() - settings.min();
        return ready.stream().sorted(Comparator.comparingLong((IdleStreak s) -> s.since).thenComparing(s -> -s.id))
                .limit(Math.max(0, spare)).map(s -> s.id).toList();
    }

    private String steady(Observation o, int live) {
        String engines = live + " engine" + (live == 1 ? "" : "s");
        if (o.pendingEngines() > 0) {
            return engines + ", " + o.pendingEngines() + " on their way";
        }
        if (o.queued() > 0) {
            return engines + ", " + o.queued() + " task(s) waiting under adapt.interval";
        }
        return engines + (live <= settings.min() ? " (adapt.min)" : "");
    }

    private String retiring(List<Integer> ids) {
        return "engine" + (ids.size() == 1 ? " " : "s ") + ids.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") + " idle " + DurationText.format(settings.idle())
                + ", draining";
    }

    private static String at(long millis) {
        return CLOCK.format(Instant.ofEpochMilli(millis));
    }

    private record IdleStreak(int id, long tasksDone, long since, int looks) {
    }
}
