package dev.jcluster.internal;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Message;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An engine's heartbeats on its channel, at the period the controller sets, which changes as the
 * cluster grows. Each engine beats at its own slot of the period on the wall clock (its id modulo
 * {@link #SLOTS}), so that a controller with thousands of engines reads their beats in
 * {@value #SLOTS} bursts a period rather than one wake-up per beat, each of which costs an idle
 * controller a switch back to its thread. Engines
 * whose clocks disagree beat at scattered instants, as they would with random phases. On the
 * channel's event loop only; stops when the channel closes.
 */
public final class Beats {
    /** Bursts a period; the controller looks for silent engines twenty times a period too. */
    public static final int SLOTS = 20;

    private final Channel channel;
    private final Supplier<? extends Message> beat;
    private final int slot;
    private final LongSupplier wallClockMillis;
    private long periodMillis;
    private ScheduledFuture<?> next;

    /** {@code engineId} picks the slot; ids are handed out in turn, so slots fill evenly. */
    public Beats(Channel channel, Supplier<? extends Message> beat, int engineId) {
        this(channel, beat, engineId, System::currentTimeMillis);
    }

    Beats(Channel channel, Supplier<? extends Message> beat, int engineId, LongSupplier wallClockMillis) {
        this.channel = channel;
        this.beat = beat;
        this.slot = Math.floorMod(engineId, SLOTS);
        this.wallClockMillis = wallClockMillis;
        channel.closeFuture().addListener(f -> channel.eventLoop().execute(this::stop));
    }

    /**
     * Beats every {@code periodMillis} at this engine's slot, the first within a period (and one at
     * once if {@code beatNow}); replaces any earlier period.
     */
    public void every(long periodMillis, boolean beatNow) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("heartbeat period " + periodMillis + " ms");
        }
        stop();
        this.periodMillis = periodMillis;
        if (beatNow) {
            send();
        }
        schedule(delayToSlot(wallClockMillis.getAsLong(), periodMillis, slot, 1));
    }

    public void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void beatAndReschedule() {
        send();
        // at least half a period on: a timer that fires a little before its slot must not beat twice
        schedule(delayToSlot(wallClockMillis.getAsLong(), periodMillis, slot, periodMillis / 2));
    }

    private void schedule(long delayMillis) {
        next = channel.eventLoop().schedule(this::beatAndReschedule, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void send() {
        channel.writeAndFlush(Envelope.of(0, beat.get()), channel.voidPromise());
    }

    /**
     * Milliseconds from {@code nowMillis} to the next instant of {@code slot} of the period, at least
     * {@code atLeast}: in [atLeast, atLeast + period).
     */
    static long delayToSlot(long nowMillis, long periodMillis, int slot, long atLeast) {
        long offset = periodMillis * slot / SLOTS;
        long since = Math.floorMod(nowMillis + atLeast - offset, periodMillis);
        return since == 0 ? atLeast : atLeast + periodMillis - since;
    }
}
