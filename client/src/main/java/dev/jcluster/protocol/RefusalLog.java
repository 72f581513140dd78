package dev.jcluster.protocol;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process says about peers and frames it refuses: every refusal is counted, but at most
 * {@code linesPerPeriod} are logged per period; the rest are summed up in one line when the next
 * period begins, so that a flood of bad connections cannot fill the disk. Thread-safe: a
 * process's event loops share one.
 */
public final class RefusalLog {
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private final int linesPerPeriod;
    private final long periodNanos;
    private final LongSupplier clock;
    private final LongAdder unverified = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder peers = new LongAdder();
    private long periodStart;
    private int logged;
    private long unlogged;
    private String lastUnlogged;

    public RefusalLog(int linesPerPeriod, long period, TimeUnit unit, LongSupplier clock) {
        this.linesPerPeriod = linesPerPeriod;
        this.periodNanos = unit.toNanos(period);
        this.clock = clock;
        this.periodStart = clock.getAsLong();
    }

    /** Twenty lines a minute, then a summary: enough to see what is wrong, never enough to fill a disk. */
    public static RefusalLog standard() {
        return new RefusalLog(20, 1, TimeUnit.MINUTES, System::nanoTime);
    }

    /** A frame refused by the frame decoder, before its signature held (length, signature, cut short): counted, and maybe logged. */
    public void frame(Object peer, String why) {
        unverified.increment();
        line(peer, why);
    }

    /** A validly signed frame whose body does not decode as its type says: counted, and maybe logged. */
    public void undecodable(Object peer, String why) {
        undecodable.increment();
        line(peer, why);
    }

    /** A peer refused after its frames were checked (no hello, a wrong hello, a wrong role): counted, and maybe logged. */
    public void peer(Object peer, String why) {
        peers.increment();
        line(peer, why);
    }

    /** Every frame refused: {@link #unverifiedFrames()} and {@link #undecodableFrames()}. */
    public long framesRefused() {
        return unverified.sum() + undecodable.sum();
    }

    /** Frames that never passed the signature check, so never reached decoding. */
    public long unverifiedFrames() {
        return unverified.sum();
    }

    /** Frames that passed the signature check and then did not decode. */
    public long undecodableFrames() {
        return undecodable.sum();
    }

    public long peersRefused() {
        return peers.sum();
    }

    private synchronized void line(Object peer, String why) {
        long now = clock.getAsLong();
        if (now - periodStart >= periodNanos) {
            if (unlogged > 0) {
                log.warn("{} more refusal(s) in the last {} s were not logged one by one (the last: {})", unlogged,
                        TimeUnit.NANOSECONDS.toSeconds(now - periodStart), lastUnlogged);
            }
            periodStart = now;
            logged = 0;
            unlogged = 0;
        }
        if (logged < linesPerPeriod) {
            logged++;
            log.warn("refused {}: {}", peer, why);
        } else {
            unlogged++;
            lastUnlogged = peer + ": " + why;
        }
    }
}
