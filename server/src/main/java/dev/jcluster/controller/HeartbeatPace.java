package dev.jcluster.controller;

import dev.jcluster.protocol.Heartbeat;
import java.util.concurrent.TimeUnit;

/**
 * How often engines beat, given how many there are. Every beat is a signed frame through the
 * kernel's TCP stack and often a wake-up of the controller's thread, so a large cluster at the
 * profile's period would cost the controller a core doing nothing. So the controller keeps heartbeat frames (both ways)
 * within a budget a second and stretches the period when the cluster outgrows it; a hung engine
 * is then noticed later, in proportion, which {@code jcluster status} says.
 *
 * <p>Periods move in steps with room to spare, so a cluster growing one engine at a time changes
 * them a dozen times on the way to 10,000, not thousands. When the period shortens, engines that
 * have not heard yet still beat at the old one: the old loss limit holds for one old limit more.
 * Not thread-safe: the controller's event loop owns it.
 */
final class HeartbeatPace {
    /** Frames a second per engine at period p are (1 + 1 / CONTROLLER_PERIODS) / p. */
    private static final double FRAMES_PER_PERIOD = 1.0 + 1.0 / Heartbeat.CONTROLLER_PERIODS;
    private static final double HEADROOM = 1.25;

    private final long baseNanos;
    private final int missedBeats;
    private final int budget;
    private long periodNanos;
    private long previousLimitNanos;
    private long previousLimitUntil;

    /** @param budget heartbeat frames a second the controller takes, both ways; 0 never stretches. */
    HeartbeatPace(long baseNanos, int missedBeats, int budget) {
        if (baseNanos <= 0 || missedBeats < 1 || budget < 0) {
            throw new IllegalArgumentException("period " + baseNanos + " ns, " + missedBeats + " missed, budget "
                    + budget);
        }
        this.baseNanos = baseNanos;
        this.missedBeats = missedBeats;
        this.budget = budget;
        this.periodNanos = baseNanos;
    }

    /** The cluster has {@code engines} engines now; true when the period changed and engines must be told. */
    boolean engines(int engines, long now) {
        if (budget == 0) {
            return false;
        }
        double needed = engines * FRAMES_PER_PERIOD / budget * 1e9;
        long next;
        if (needed > periodNanos) {
            next = (long) (needed * HEADROOM);
        } else if (periodNanos > baseNanos && needed * 2 < periodNanos) {
            next = Math.max(baseNanos, (long) (needed * HEADROOM));
        } else {
            return false;
        }
        next = TimeUnit.MILLISECONDS.toNanos(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next)));
        if (next == periodNanos) {
            return false;
        }
        if (next < periodNanos) {
            previousLimitNanos = lossLimitNanos(now);
            previousLimitUntil = now + previousLimitNanos;
        }
        periodNanos = next;
        return true;
    }

    long periodNanos() {
        return periodNanos;
    }

    int periodMillis() {
        return Math.toIntExact(TimeUnit.NANOSECONDS.toMillis(periodNanos));
    }

    /** Heartbeat frames a second the controller takes, both ways; 0: no limit. */
    int budget() {
        return budget;
    }

    int missedBeats() {
        return missedBeats;
    }

    boolean stretched() {
        return periodNanos > baseNanos;
    }

    /** Silence after which an engine is lost. */
    long lossLimitNanos(long now) {
        long limit = periodNanos * missedBeats;
        return now - previousLimitUntil < 0 ? Math.max(limit, previousLimitNanos) : limit;
    }

    /** How long the controller waits between its own beats to each engine. */
    long controllerBeatNanos() {
        return periodNanos * Heartbeat.CONTROLLER_PERIODS;
    }
}
