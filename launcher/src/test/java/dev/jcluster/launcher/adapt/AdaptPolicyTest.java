package dev.jcluster.launcher.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.launcher.adapt.Observation.EngineView;
import dev.jcluster.launcher.profiles.Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaling decisions, driven look by look with a fake clock. */
class AdaptPolicyTest {
    static final Profile.Adapt SETTINGS = new Profile.Adapt(1, 4, Duration.ofSeconds(30), Duration.ofSeconds(5), 1, 3,
            Duration.ofMinutes(10));

    long now = 1_000_000;
    final AdaptPolicy policy = new AdaptPolicy(SETTINGS, AdaptPolicy.Memory.FRESH);

    @Test
    void tasksWaitingLongerThanTheIntervalWithNoEngineFreeBringAsManyAsWaitWithinMax() {
        Decision early = policy.decide(look(10, 4_000, 0, 0, busy(0)));
        assertThat(early.add()).as("waited under the interval").isZero();

        Decision d = policy.decide(look(42, 12_000, 0, 0, busy(0)));
        assertThat(d.add()).isEqualTo(3);
        assertThat(d.why()).isEqualTo("adding 3 (42 tasks waiting 12 s)");

        Decision few = policy.decide(look(2, 12_000, 0, 0, busy(0)));
        assertThat(few.add()).as("two waiting tasks need two engines").isEqualTo(2);
    }

    @Test
    void anEngineFreeOrEnginesOnTheirWayHoldBack() {
        assertThat(policy.decide(look(42, 12_000, 0, 0, busy(0), idle(1, 5))).add()).isZero();

        Decision coming = policy.decide(look(2, 12_000, 2, 0, busy(0)));
        assertThat(coming.add()).isZero();
        assertThat(coming.why()).isEqualTo("2 engine(s) on their way for 2 waiting task(s)");
    }

    @Test
    void pendingAllocationsCountAsEnginesAndTheBacklogCapsSubmissions() {
        Decision d = policy.decide(look(42, 12_000, 2, 1, busy(0)));
        assertThat(d.add()).isZero();
        assertThat(d.why()).startsWith("1 allocation(s) still waiting to start (adapt.backlog 1)");

        Decision full = policy.decide(look(42, 12_000, 0, 0, busy(0), busy(1), busy(2), busy(3)));
        assertThat(full.add()).isZero();
        assertThat(full.why()).isEqualTo("at adapt.max (4 engines); 42 tasks waiting");

        Decision rest = policy.decide(look(42, 12_000, 1, 0, busy(0), busy(1)));
        assertThat(rest.add()).as("2 live and 1 on its way leave room for 1").isEqualTo(1);
    }

    @Test
    void belowMinAddsWithoutWaitingTasks() {
        Decision d = policy.decide(look(0, 0, 0, 0));
        assertThat(d.add()).isEqualTo(1);
        assertThat(d.why()).isEqualTo("adding 1 (below adapt.min 1)");
        assertThat(policy.decide(look(0, 0, 0, 0, busy(0, true))).add())
                .as("a draining engine does not count").isEqualTo(1);
    }

    @Test
    void anEngineIsRetiredOnlyAfterIdleLongEnoughAtSeveralLooksInARowAndNeverBelowMin() {
        List<Decision> seen = new ArrayList<>();
        for (int look = 0; look < 7; look++) {
            seen.add(policy.decide(look(0, 0, 0, 0, idle(0, 10), idle(1, 7), idle(2, 3))));
            now += 5_000;
        }
        // idle since the first look: 30 s have passed at the seventh
        assertThat(seen.subList(0, 6)).allSatisfy(d -> assertThat(d.retire()).isEmpty());
        Decision last = seen.get(6);
        assertThat(last.retire()).as("three idle, min 1: two go, the newest ids first").containsExactly(2, 1);
        assertThat(last.why()).isEqualTo("engines 2, 1 idle 30s, draining");
    }

    @Test
    void finishingATaskOrATaskWaitingResetsTheIdleStreak() {
        for (int look = 0; look < 6; look++) {
            policy.decide(look(0, 0, 0, 0, idle(0, 1), idle(1, 1)));
            now += 5_000;
        }
        // engine 1 ran a task between two looks: its done count moved, its streak starts again
        Decision d = policy.decide(look(0, 0, 0, 0, idle(0, 1), idle(1, 2)));
        assertThat(d.retire()).containsExactly(0);
        now += 5_000;
        assertThat(policy.decide(look(1, 100, 0, 0, idle(1, 2))).retire())
                .as("nothing retires while a task waits").isEmpty();
    }

    @Test
    void anEngineSeenIdleTwiceIsNotRetiredHoweverLongTheGap() {
        policy.decide(look(0, 0, 0, 0, idle(0, 0), idle(1, 0)));
        now += 600_000;
        assertThat(policy.decide(look(0, 0, 0, 0, idle(0, 0), idle(1, 0))).retire()).isEmpty();
        now += 1;
        assertThat(policy.decide(look(0, 0, 0, 0, idle(0, 0), idle(1, 0))).retire()).containsExactly(1);
    }

    @Test
    void failedSubmissionsBackOffDoublingThenPauseAndSayWhy() {
        Observation waiting = look(42, 12_000, 0, 0, busy(0));
        policy.failed("sbatch: error: invalid partition specified: gpu", now);
        Decision d = policy.decide(waiting);
        assertThat(d.add()).isZero();
        assertThat(d.why()).contains("backing off until").contains("after 1 failed submission(s): sbatch: error:");
        now += 10_000;  // interval 5 s doubled
        assertThat(policy.decide(waiting = look(42, 12_000, 0, 0, busy(0))).add()).isEqualTo(3);

        policy.failed("job 7 ended before any engine registered: FAILED", now);
        now += 10_000;
        assertThat(policy.decide(waiting = look(42, 12_000, 0, 0, busy(0))).add()).as("second backoff is 20 s").isZero();
        now += 10_000;
        assertThat(policy.decide(waiting = look(42, 12_000, 0, 0, busy(0))).add()).isEqualTo(3);

        policy.failed("job 8 ended before any engine registered: FAILED", now);
        Decision paused = policy.decide(look(42, 12_000, 0, 0, busy(0)));
        assertThat(paused.add()).isZero();
        assertThat(paused.why()).startsWith("paused until ").contains("3 failed submission(s) in a row; last: job 8");
        now += Duration.ofMinutes(10).toMillis();
        assertThat(policy.decide(look(42, 12_000, 0, 0, busy(0))).add()).as("the pause is over").isEqualTo(3);
    }

    @Test
    void anEngineRegisteringClearsTheFailuresAndTheMemoryCarriesOver() {
        policy.failed("refused", now);
        policy.failed("refused again", now);
        AdaptPolicy restarted = new AdaptPolicy(SETTINGS, policy.memory());
        assertThat(restarted.decide(look(42, 12_000, 0, 0, busy(0))).why()).contains("after 2 failed submission(s)");
        restarted.succeeded();
        assertThat(restarted.decide(look(42, 12_000, 0, 0, busy(0))).add()).isEqualTo(3);
        assertThat(restarted.memory().failures()).isZero();
    }

    private Observation look(int queued, long waitMillis, int pendingEngines, int pendingAllocations,
                             EngineView... engines) {
        return new Observation(now, queued, waitMillis, List.of(engines), pendingEngines, pendingAllocations);
    }

    private static EngineView busy(int id) {
        return busy(id, false);
    }

    private static EngineView busy(int id, boolean leaving) {
        return new EngineView(id, false, leaving, 0);
    }

    private static EngineView idle(int id, long done) {
        return new EngineView(id, true, false, done);
    }
}
