package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heartbeat period against the cluster's size, on a fake clock. */
class HeartbeatPaceTest {
    private static final long BASE = TimeUnit.MILLISECONDS.toNanos(700);

    /** Heartbeat frames a second, both ways, for n engines at the pace's period. */
    private static double frames(HeartbeatPace pace, int n) {
        return n * 1.5 / (pace.periodNanos() / 1e9);
    }

    @Test
    void aClusterWithinTheBudgetKeepsTheProfilesPeriod() {
        HeartbeatPace pace = new HeartbeatPace(BASE, 4, 2000);
        for (int n = 1; n <= 933; n++) {
            assertThat(pace.engines(n, 0)).as("%d engines", n).isFalse();
        }
        assertThat(pace.periodMillis()).isEqualTo(700);
        assertThat(pace.stretched()).isFalse();
        assertThat(pace.lossLimitNanos(0)).isEqualTo(4 * BASE);
    }

    @Test
    void growingToTenThousandStaysWithinTheBudgetAndChangesThePeriodInFewSteps() {
        HeartbeatPace pace = new HeartbeatPace(BASE, 4, 2000);
        int changes = 0;
        for (int n = 1; n <= 10_000; n++) {
            if (pace.engines(n, n)) {
                changes++;
            }
            assertThat(frames(pace, n)).as("%d engines", n).isLessThanOrEqualTo(2000);
        }
        assertThat(changes).isBetween(5, 15);
        assertThat(pace.stretched()).isTrue();
        assertThat(frames(pace, 10_000)).as("not slower than the budget needs").isGreaterThan(2000 / 1.25 - 1);
        assertThat(pace.lossLimitNanos(10_000)).isEqualTo(4 * pace.periodNanos());
        assertThat(pace.controllerBeatNanos()).isEqualTo(2 * pace.periodNanos());
    }

    @Test
    void aShrinkingClusterBeatsFasterAgainButKeepsTheOldLimitUntilEnginesCanHaveHeard() {
        HeartbeatPace pace = new HeartbeatPace(BASE, 4, 2000);
        pace.engines(10_000, 0);
        long stretchedLimit = pace.lossLimitNanos(0);
        long now = TimeUnit.SECONDS.toNanos(100);
        assertThat(pace.engines(9_000, now)).as("a small shrink: no change").isFalse();
        assertThat(pace.engines(2, now)).isTrue();
        assertThat(pace.periodMillis()).isEqualTo(700);
        assertThat(pace.stretched()).isFalse();
        assertThat(pace.lossLimitNanos(now + stretchedLimit - 1)).isEqualTo(stretchedLimit);
        assertThat(pace.lossLimitNanos(now + stretchedLimit)).isEqualTo(4 * BASE);
    }

    @Test
    void aZeroBudgetNeverStretches() {
        HeartbeatPace pace = new HeartbeatPace(BASE, 4, 0);
        assertThat(pace.engines(100_000, 0)).isFalse();
        assertThat(pace.periodMillis()).isEqualTo(700);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new HeartbeatPace(0, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatPace(BASE, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatPace(BASE, 4, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
