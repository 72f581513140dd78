package dev.jcluster.internal;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Message;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An engine's heartbeats on its channel, at the period the controller sets, which changes as the
 * cluster grows. After a change each engine starts at a random point of a window the caller
 * gives, so that thousands of engines told at once do not all beat at once. On the channel's
 * event loop only; stops when the channel closes.
 */
public final class Beats {
    private final Channel channel;
    private final Supplier<? extends Message> beat;
    private ScheduledFuture<?> schedule;

    public Beats(Channel channel, Supplier<? extends Message> beat) {
        this.channel = channel;
        this.beat = beat;
        channel.closeFuture().addListener(f -> channel.eventLoop().execute(this::stop));
    }

    /**
     * Beats every {@code periodMillis} from now on, the first within {@code firstWithinMillis} (0: at
     * once); replaces any earlier period.
     */
    public void every(long periodMillis, long firstWithinMillis) {
        if (periodMillis <= 0 || firstWithinMillis < 0) {
            throw new IllegalArgumentException("heartbeat period " + periodMillis + " ms, first within "
                    + firstWithinMillis + " ms");
        }
        stop();
        long first = firstWithinMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(firstWithinMillis + 1);
        schedule = channel.eventLoop().scheduleAtFixedRate(() -> channel.writeAndFlush(Envelope.of(0, beat.get()),
                channel.voidPromise()), first, periodMillis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }
}
