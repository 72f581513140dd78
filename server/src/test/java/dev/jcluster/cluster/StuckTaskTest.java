package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.ShellCommand;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.server.InProcessCluster;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timeout or cancel stops any task: a tight loop that never looks at its interrupt flag makes its
 * engine JVM restart under the same id (its restart loop runs it again); JShell code and shell
 * commands stop without a restart.
 */
class StuckTaskTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long GRACE_MS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Counts up until the long overflows, centuries from now; never looks at its interrupt flag. */
    static long spin() {
        long n = 0;
        while (n >= 0) {
            n++;
        }
        return n;
    }

    /** As {@link #spin}, once it has left a file saying it started: the controller's RUNNING means sent, not begun. */
    static long spinOnceMarked(String marker) throws IOException {
        Files.writeString(Path.of(marker), "started");
        return spin();
    }

    @Test
    void aTightLoopPastItsTimeoutRestartsItsEngineUnderTheSameId() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 0); Client c = cluster.client()) {
            Process loop = cluster.engines().startInRestartLoop(cluster.connectionFile(),
                    "--task-stop-grace-ms", Long.toString(GRACE_MS));
            assertThat(c.waitForEngines(1, WAIT)).containsExactly(0);
            long pidBefore = enginePid(c);
            c.direct(0).execute("int x = 41;");

            AsyncResult<Long> stuck = c.loadBalanced().withOptions(TaskOptions.DEFAULTS.withTimeout(TIMEOUT))
                    .applyAsync(StuckTaskTest::spin);
            AsyncResult<List<ExecuteResult>> behind = c.direct(0).executeAsync("1 + 1");

            assertThatThrownBy(() -> stuck.get(WAIT)).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName());
                assertThat(e.remoteMessage()).contains("timed out after 1000 ms", "engine 0 restarted",
                        "JShell variables, imports and pushed values are lost");
                TaskMetadata m = e.metadata();
                long ran = m.wallTime().toMillis();
                assertThat(ran).as("stopped at its deadline plus the grace period, not before")
                        .isBetween(TIMEOUT.toMillis() + GRACE_MS, TIMEOUT.toMillis() + GRACE_MS + 5000);
            });
            long stoppedAt = System.nanoTime();
            assertThat(behind.get(WAIT)).extracting(ExecuteResult::value)
                    .as("the direct task queued behind the loop waits for the restarted engine").containsExactly("2");
            System.out.printf("stuck task: the task queued behind it answered %d ms after the stopped one%n",
                    (System.nanoTime() - stoppedAt) / 1_000_000);
            assertThat(c.waitForEngines(1, WAIT)).containsExactly(0);
            assertThat(enginePid(c)).as("a new engine JVM").isNotEqualTo(pidBefore);
            assertThat(loop.isAlive()).as("its restart loop is the same process").isTrue();
            assertThatThrownBy(() -> c.direct(0).execute("x")).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertThat(e.remoteMessage()).contains("x"));
            assertThat(c.direct(0).apply(() -> 6 * 7)).containsExactly(42);

            long pidAfterTimeout = enginePid(c);
            String marker = dir.resolve("spinning").toString();
            AsyncResult<Long> cancelled = c.loadBalanced().applyAsync(() -> spinOnceMarked(marker));
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(Path.of(marker)));
            cancelled.cancel();
            assertThatThrownBy(() -> cancelled.get(WAIT)).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertThat(e.remoteClassName()).isEqualTo(CancellationException.class.getName());
                assertThat(e.remoteMessage()).contains("cancelled while running", "engine 0 restarted");
            });
            assertThat(c.waitForEngines(1, WAIT)).containsExactly(0);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        List<Long> pids = livePids(c);
                        return pids.size() == 1 && pids.get(0) != pidAfterTimeout;
                    });
            assertThat(c.direct(0).apply(() -> "back")).containsExactly("back");
        }
    }

    @Test
    void jshellCodeAndShellCommandsStopWithoutARestart() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 0); Client c = cluster.client()) {
            cluster.engines().startInRestartLoop(cluster.connectionFile(), "--task-stop-grace-ms",
                    Long.toString(GRACE_MS));
            assertThat(c.waitForEngines(1, WAIT)).containsExactly(0);
            long pid = enginePid(c);
            DirectView timed = c.direct(0).withTimeout(TIMEOUT);
            c.direct(0).execute("int kept = 7;");

            assertThatThrownBy(() -> timed.execute("long n = 0; while (n >= 0) { n++; }"))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName()));
            assertThatThrownBy(() -> timed.streaming(line -> { }).shell(ShellCommand.of("sleep", "600")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName()));
            assertThatThrownBy(() -> timed.shell(ShellCommand.of("sleep", "600")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName()));

            assertThat(enginePid(c)).as("the same engine JVM").isEqualTo(pid);
            assertThat(c.direct(0).execute("kept").get(0).value()).as("its JShell state kept").isEqualTo("7");
        }
    }

    @Test
    void anEngineInsideAnotherJvmLeavesTheStuckThreadAndGoesOn() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client c = inProcess.client()) {
            AsyncResult<Long> stuck = c.loadBalanced().withOptions(TaskOptions.DEFAULTS.withTimeout(TIMEOUT))
                    .applyAsync(StuckTaskTest::spinUntilReleased);
            try {
                assertThatThrownBy(() -> stuck.get(WAIT)).isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName());
                    assertThat(e.remoteMessage()).contains("still runs in this JVM", "moved to a new worker");
                });
                assertThat(c.direct(0).apply(() -> 6 * 7)).containsExactly(42);
            } finally {
                System.setProperty(RELEASE, "true");
            }
        }
    }

    private static final String RELEASE = "jcluster.test.release-stuck-thread";

    /** As {@link #spin}, but lets go when the test sets {@link #RELEASE} (it shares the test's JVM), or after a minute. */
    static long spinUntilReleased() {
        long n = 0;
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.getProperty(RELEASE) == null && System.nanoTime() < end) {
            n++;
        }
        return n;
    }

    private static long enginePid(Client c) throws Exception {
        List<Long> live = livePids(c);
        assertThat(live).hasSize(1);
        return live.get(0);
    }

    private static List<Long> livePids(Client c) throws Exception {
        return c.status().engines().stream().filter(e -> e.state().live()).map(EngineInfo::pid).toList();
    }
}
