package dev.jcluster.controller;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Pace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats both ways: engines silent past the missed-beat limit are lost, the controller beats
 * to engines every {@link Heartbeat#CONTROLLER_PERIODS} periods, and the period follows the
 * cluster's size within the heartbeat budget ({@link HeartbeatPace}). Controller's thread only.
 */
final class Liveness {
    private static final Logger log = LoggerFactory.getLogger(Liveness.class);
    static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LARGE_VALUE_BYTES = 1 << 20;
    private static final long SILENCE_NANOS_PER_BYTE = 10;
    /**
     * An engine may be silent longer by a second per 500 MB of heap in use: collecting or filling a
     * large heap stops its JVM (heartbeats too) for a time that grows with it.
     */
    private static final long SILENCE_NANOS_PER_HEAP_BYTE = 2;

    private final HeartbeatPace pace;
    private final EngineRegistry engines;
    private final Outbox outbox;
    private final BiConsumer<EngineSession, String> onSilent;
    private final LongSupplier clock;
    private long lastTickNanos;
    private long tickNanos = MIN_TICK_NANOS;
    private long lastBeatNanos;

    /**
     * @param onSilent called for each engine found silent for too long, with the cause
     * @param clock    {@link System#nanoTime}, or a test's
     */
    Liveness(ControllerConfig config, EngineRegistry engines, Outbox outbox, BiConsumer<EngineSession, String> onSilent,
             LongSupplier clock) {
        this.pace = new HeartbeatPace(config.heartbeat().toNanos(), config.missedBeats(), config.heartbeatBudget());
        this.engines = engines;
        this.outbox = outbox;
        this.onSilent = onSilent;
        this.clock = clock;
        this.lastTickNanos = clock.getAsLong();
        this.lastBeatNanos = lastTickNanos;
    }

    /**
     * Runs twenty times a period, so a lost engine is noticed at most a twentieth of a period after
     * its limit; when the period stretches, so does the time between runs (each walks every engine,
     * and every wake-up of an idle controller costs). Copies nothing unless an engine is silent.
     *
     * @return nanoseconds until it should run again
     */
    long tick() {
        long now = clock.getAsLong();
        long lag = now - lastTickNanos - tickNanos;
        lastTickNanos = now;
        if (lag > tickNanos) {
            // the controller could not look for a while (an overloaded machine): that time counts against nobody
            for (EngineSession e : engines.all()) {
                e.forgive(lag, now);
            }
        } else {
            loseSilent(now);
        }
        beatIfDue(now);
        tickNanos = Math.max(MIN_TICK_NANOS, pace.periodNanos() / 20);
        return tickNanos;
    }

    private void loseSilent(long now) {
        long limit = pace.lossLimitNanos(now);
        List<EngineSession> silent = null;
        for (EngineSession e : engines.all()) {
            if (!e.lost() && e.silentFor(now) > limit + e.load().heapUsed() * SILENCE_NANOS_PER_HEAP_BYTE) {
                if (silent == null) {
                    silent = new ArrayList<>();
                }
                silent.add(e);
            }
        }
        if (silent != null) {
            for (EngineSession e : silent) {
                onSilent.accept(e, "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - e.lastSeenNanos()) + " ms");
            }
        }
    }

    /** So that engines can tell a silent controller from a busy one. */
    private void beatIfDue(long now) {
        if (now - lastBeatNanos < pace.controllerBeatNanos()) {
            return;
        }
        lastBeatNanos = now;
        for (EngineSession e : engines.all()) {
            if (!e.lost()) {
                outbox.send(e.channel, Envelope.of(0, Heartbeat.EMPTY));
            }
        }
    }

    /**
     * The cluster grew or shrank: when that moves it past what the budget allows at the current
     * period, every engine is told the new one but {@code welcomed}, which learns it from its welcome.
     */
    void engineCountChanged(EngineSession welcomed) {
        if (!pace.engines(engines.live(), clock.getAsLong())) {
            return;
        }
        log.info("{} engines: heartbeat every {} ms (heartbeat.budget {} frames/s); a hung engine is noticed after"
                + " {} ms", engines.live(), pace.periodMillis(), pace.budget(), pace.periodMillis() * (long) pace.missedBeats());
        Pace change = new Pace(pace.periodMillis());
        for (EngineSession e : engines.all()) {
            if (!e.lost() && e != welcomed) {
                outbox.send(e.channel, Envelope.of(0, change));
            }
        }
    }

    /**
     * A value of {@code bytes} goes to {@code engine}: taking it in (allocating, copying, collecting
     * a heap of that size) can stop its whole JVM, heartbeats too, for a while that grows with the
     * size, so it may be silent that much longer (a tenth of a second per 10 MB).
     */
    void sending(EngineSession engine, long bytes) {
        if (bytes >= LARGE_VALUE_BYTES) {
            engine.mayBeSilentUntil(clock.getAsLong() + bytes * SILENCE_NANOS_PER_BYTE);
        }
    }

    /** An engine's frame arrived: it is alive. */
    void heard(EngineSession engine) {
        engine.seen(clock.getAsLong());
    }

    void heartbeat(EngineSession engine, Heartbeat beat) {
        engine.beat(beat, clock.getAsLong());
    }

    int periodMillis() {
        return pace.periodMillis();
    }

    int missedBeats() {
        return pace.missedBeats();
    }

    boolean stretched() {
        return pace.stretched();
    }
}
