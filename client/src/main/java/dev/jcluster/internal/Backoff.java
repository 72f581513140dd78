package dev.jcluster.internal;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts to reach the controller: a ceiling that doubles up to a cap, each delay
 * drawn at random from the upper half of its ceiling, so that the hundreds of engines a restarted
 * controller lost together do not all knock at the same instants. One per series of attempts; not
 * thread-safe (each series runs on one thread at a time).
 */
public final class Backoff {
    private final long capMillis;
    private final Random random;
    private long ceilingMillis;

    public Backoff(long firstMillis, long capMillis) {
        this(firstMillis, capMillis, null);
    }

    /** With {@code random} for tests; null: the thread's own. */
    Backoff(long firstMillis, long capMillis, Random random) {
        if (firstMillis < 2 || capMillis < firstMillis) {
            throw new IllegalArgumentException("backoff from " + firstMillis + " ms to " + capMillis + " ms");
        }
        this.ceilingMillis = firstMillis;
        this.capMillis = capMillis;
        this.random = random;
    }

    /** The next delay, in [ceiling / 2, ceiling]; the ceiling then doubles, up to the cap. */
    public long nextMillis() {
        long half = ceilingMillis / 2;
        long jitter = random != null ? random.nextLong(half + 1) : ThreadLocalRandom.current().nextLong(half + 1);
        long delay = ceilingMillis - half + jitter;
        ceilingMillis = Math.min(capMillis, ceilingMillis * 2);
        return delay;
    }
}
