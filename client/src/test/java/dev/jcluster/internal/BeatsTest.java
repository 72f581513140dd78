package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BeatsTest {
    private static final long PERIOD = 1_000;

    @Test
    void theDelayLandsOnTheSlotsInstantAtLeastAsFarAsAsked() {
        for (int slot = 0; slot < Beats.SLOTS; slot++) {
            long offset = PERIOD * slot / Beats.SLOTS;
            for (long now = 1_000_000; now < 1_000_000 + 2 * PERIOD; now += 37) {
                for (long atLeast : new long[] {0, 1, PERIOD / 2}) {
                    long delay = Beats.delayToSlot(now, PERIOD, slot, atLeast);
                    assertThat(delay).isBetween(atLeast, atLeast + PERIOD - 1);
                    assertThat(Math.floorMod(now + delay - offset, PERIOD)).isZero();
                }
            }
        }
        assertThat(Beats.delayToSlot(10_150, PERIOD, 3, 0)).isZero();
        assertThat(Beats.delayToSlot(10_150, PERIOD, 3, 1)).isEqualTo(PERIOD);
    }

    @Test
    void anEngineBeatsAtItsSlotOfEachPeriodOnTheWallClock() {
        Clock clock = new Clock(10_000);
        EmbeddedChannel channel = clock.channel();
        new Beats(channel, () -> Heartbeat.EMPTY, 23, clock::millis).every(PERIOD, true);

        // one at once, then at 150 ms past each second: engine 23 has slot 3 of 20
        assertThat(clock.beatsUntil(channel, 14_000)).containsExactly(10_000L, 10_150L, 11_150L, 12_150L, 13_150L);
    }

    @Test
    void enginesOfOneSlotBeatTogetherWhateverTheirStart() {
        Clock clock = new Clock(50_020);
        EmbeddedChannel first = clock.channel();
        EmbeddedChannel second = clock.channel();
        new Beats(first, () -> Heartbeat.EMPTY, 5, clock::millis).every(PERIOD, false);
        List<Long> beats = new ArrayList<>();
        while (clock.now < 53_000) {
            if (clock.now == 50_420) {
                new Beats(second, () -> Heartbeat.EMPTY, 25, clock::millis).every(PERIOD, false);
            }
            clock.advanceBoth(first, second, 10);
            beats.addAll(clock.drain(first));
            beats.addAll(clock.drain(second));
        }
        // both have slot 5 (250 ms into each second); the second started 400 ms later
        assertThat(beats).containsExactly(50_250L, 51_250L, 51_250L, 52_250L, 52_250L);
    }

    @Test
    void aNewPeriodReplacesTheOldAndStopEndsTheBeats() {
        Clock clock = new Clock(0);
        EmbeddedChannel channel = clock.channel();
        Beats beats = new Beats(channel, () -> Heartbeat.EMPTY, 0, clock::millis);
        beats.every(PERIOD, false);
        assertThat(clock.beatsUntil(channel, 2_500)).containsExactly(1_000L, 2_000L);
        beats.every(4 * PERIOD, false);
        assertThat(clock.beatsUntil(channel, 9_000)).containsExactly(4_000L, 8_000L);
        beats.stop();
        assertThat(clock.beatsUntil(channel, 20_000)).isEmpty();
        assertThatThrownBy(() -> beats.every(0, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedChannelBeatsNoMore() {
        Clock clock = new Clock(0);
        EmbeddedChannel channel = clock.channel();
        new Beats(channel, () -> Heartbeat.EMPTY, 0, clock::millis).every(PERIOD, false);
        assertThat(channel.runScheduledPendingTasks()).isPositive();
        channel.close();
        channel.runPendingTasks();
        assertThat(channel.runScheduledPendingTasks()).as("nanoseconds to the next scheduled task").isEqualTo(-1);
    }

    /** The wall clock and the channels' scheduler, moved together. */
    private static final class Clock {
        long now;

        Clock(long now) {
            this.now = now;
        }

        long millis() {
            return now;
        }

        EmbeddedChannel channel() {
            EmbeddedChannel channel = new EmbeddedChannel();
            channel.freezeTime();
            return channel;
        }

        void advance(EmbeddedChannel channel, long millis) {
            now += millis;
            channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }

        void advanceBoth(EmbeddedChannel a, EmbeddedChannel b, long millis) {
            now += millis;
            for (EmbeddedChannel c : List.of(a, b)) {
                c.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
                c.runScheduledPendingTasks();
            }
        }

        /** The wall-clock times of the beats written, a millisecond at a time up to {@code until}. */
        List<Long> beatsUntil(EmbeddedChannel channel, long until) {
            List<Long> beats = new ArrayList<>(drain(channel));
            while (now < until) {
                advance(channel, 1);
                beats.addAll(drain(channel));
            }
            return beats;
        }

        List<Long> drain(EmbeddedChannel channel) {
            List<Long> beats = new ArrayList<>();
            Object written;
            while ((written = channel.readOutbound()) != null) {
                assertThat(written).isInstanceOf(Envelope.class);
                assertThat(((Envelope) written).message()).isInstanceOf(Heartbeat.class);
                beats.add(now);
            }
            return beats;
        }
    }
}
