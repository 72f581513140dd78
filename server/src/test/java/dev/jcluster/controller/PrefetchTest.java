package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Version;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How many tasks an engine is sent ahead, from the times its results come back (a clock of our own). */
class PrefetchTest {
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(2);
    private long now = 1_000_000_000L;
    private final ClientSession client = new ClientSession("client", null);
    private long taskIds;

    /** {@code n} results {@code everyMicros} apart from an engine that holds more all along. */
    private void busyResults(Prefetch p, int n, long everyMicros) {
        for (int i = 0; i < n; i++) {
            now += TimeUnit.MICROSECONDS.toNanos(everyMicros);
            p.resultArrived(now, 3);
        }
    }

    @Test
    void startsAtTheConfiguredCount() {
        assertThat(new Prefetch(4, WINDOW).limit()).isEqualTo(4);
    }

    @Test
    void shortTasksRaiseTheLimitToWhatFitsTheWindow() {
        Prefetch p = new Prefetch(4, WINDOW);
        busyResults(p, 100, 100);  // 2 ms / 100 us
        assertThat(p.limit()).isEqualTo(20);
    }

    @Test
    void theLimitNeverPassesTheCeiling() {
        Prefetch p = new Prefetch(4, WINDOW);
        busyResults(p, 100, 5);
        assertThat(p.limit()).isEqualTo(Prefetch.CEILING);
    }

    @Test
    void longTasksKeepTheConfiguredCount() {
        Prefetch p = new Prefetch(4, WINDOW);
        busyResults(p, 50, 20_000);
        assertThat(p.limit()).isEqualTo(4);
    }

    @Test
    void oneSlowTaskBringsTheLimitStraightBack() {
        Prefetch p = new Prefetch(4, WINDOW);
        busyResults(p, 100, 10);
        assertThat(p.limit()).isEqualTo(Prefetch.CEILING);
        busyResults(p, 1, 5_000);
        assertThat(p.limit()).isEqualTo(4);
    }

    @Test
    void fastTasksAfterASlowOneRaiseItGradually() {
        Prefetch p = new Prefetch(4, WINDOW);
        busyResults(p, 2, 5_000);
        assertThat(p.limit()).isEqualTo(4);
        busyResults(p, 1, 10);
        assertThat(p.limit()).as("one fast result is not yet a trend").isLessThan(Prefetch.CEILING);
        busyResults(p, 100, 10);
        assertThat(p.limit()).isEqualTo(Prefetch.CEILING);
    }

    @Test
    void timeTheEngineSpentIdleIsNotTakenForWork() {
        Prefetch p = new Prefetch(4, WINDOW);
        for (int i = 0; i < 20; i++) {
            now += TimeUnit.SECONDS.toNanos(1);
            p.resultArrived(now, 0);  // it had nothing else: the next result says nothing of this gap
            now += TimeUnit.MICROSECONDS.toNanos(10);
            p.resultArrived(now, 1);
            now += TimeUnit.MICROSECONDS.toNanos(10);
            p.resultArrived(now, 0);
        }
        assertThat(p.limit()).isEqualTo(Prefetch.CEILING);
    }

    @Test
    void aZeroWindowKeepsTheConfiguredCountWhateverTheTasks() {
        Prefetch p = new Prefetch(4, 0);
        busyResults(p, 100, 1);
        assertThat(p.limit()).isEqualTo(4);
        assertThat(new Prefetch(4, 0).maxLimit()).isEqualTo(4);
        assertThat(new Prefetch(100, WINDOW).maxLimit()).isEqualTo(100);
    }

    @Test
    void theControllerSendsAnEngineWithShortTasksMoreThanTheConfiguredCount() {
        OpenEngines open = new OpenEngines(new Prefetch(4, WINDOW).maxLimit());
        Prefetch prefetch = new Prefetch(4, WINDOW);
        EmbeddedChannel channel = new EmbeddedChannel();
        EngineSession engine = new EngineSession(0, 1, new Hello(Role.ENGINE, Version.CURRENT, "17", "uuid", 0,
                "host", 1), channel, prefetch);
        open.add(engine);
        hold(open, engine, 4);
        assertThat(open.isEmpty()).as("full at the configured count").isTrue();

        busyResults(prefetch, 50, 10);
        open.loadChanged(engine, engine.loadBalancedOutstanding());
        assertThat(open.leastLoaded(e -> true)).as("open again: its tasks are short").isSameAs(engine);
        hold(open, engine, Prefetch.CEILING - 4);
        assertThat(open.isEmpty()).as("full at the ceiling").isTrue();
        channel.finishAndReleaseAll();
    }

    /** {@code n} more load-balanced tasks sent to {@code engine}, as the dispatcher counts them. */
    private void hold(OpenEngines open, EngineSession engine, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(open.leastLoaded(e -> true)).isSameAs(engine);
            int before = engine.loadBalancedOutstanding();
            engine.dispatched(new TaskRecord(++taskIds, client, Harness.loadBalanced(taskIds, 0)));
            open.loadChanged(engine, before);
        }
    }
}
