package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.ShellCommand;
import dev.jcluster.client.ShellResult;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.server.InProcessCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** AsyncResult as scientists use it: results as they come, a progress bar, elapsed time. */
class AsyncResultTest {
    /** Tasks of one test wait on this: released by the test, so "still running" is not a guess. */
    static final CountDownLatch GATE = new CountDownLatch(1);

    @Test
    void imapHandsResultsOverInInputOrderAndCompletionsAsTheyFinish() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(2); Client client = inProcess.client()) {
            List<Integer> inputs = IntStream.range(0, 50).boxed().toList();
            List<Integer> got = new ArrayList<>();
            for (int r : client.loadBalanced().withOptions(TaskOptions.DEFAULTS.withChunkSize(7))
                    .imap(x -> x * 2, inputs)) {
                got.add(r);
            }
            assertThat(got).containsExactlyElementsOf(inputs.stream().map(x -> x * 2).toList());

            AsyncResult<List<Integer>> ar = client.loadBalanced().mapAsync(x -> x + 1, inputs);
            int seen = 0;
            for (TaskMetadata m : ar.completions()) {
                assertThat(m.engineId()).isIn(0, 1);
                seen++;
            }
            assertThat(seen).isEqualTo(ar.total()).isEqualTo(50);
            assertThat(ar.ready()).isTrue();
        }
    }

    @Test
    void aFailedTaskThrowsWhenImapReachesIt() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client client = inProcess.client()) {
            Iterable<Integer> results = client.loadBalanced().imap(x -> 10 / x, List.of(5, 2, 0, 1));
            List<Integer> got = new ArrayList<>();
            assertThatThrownBy(() -> results.forEach(got::add)).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("ArithmeticException");
            assertThat(got).containsExactly(2, 5);
        }
    }

    @Test
    void waitInteractiveShowsProgressAndElapsedStopsWhenTheLastTaskDoes() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(2); Client client = inProcess.client()) {
            AsyncResult<List<Integer>> ar = client.loadBalanced().mapAsync(x -> {
                if (!GATE.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                return x;
            }, List.of(1, 2, 3, 4));
            assertThat(ar.ready()).isFalse();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Thread opener = new Thread(GATE::countDown);
            opener.start();
            List<Integer> out = ar.waitInteractive(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
            opener.join();
            assertThat(out).containsExactly(1, 2, 3, 4);
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("4/4 tasks");
            Duration elapsed = ar.elapsed();
            assertThat(elapsed).isPositive();
            assertThat(ar.elapsed()).as("fixed once done").isEqualTo(elapsed);
        }
    }

    /** Spins until this thread has used {@code millis} of CPU: a task whose CPU time is known to be at least that. */
    static int burn(int millis) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long end = t.getCurrentThreadCpuTime() + millis * 1_000_000L;
        int spins = 0;
        while (t.getCurrentThreadCpuTime() < end) {
            spins++;
        }
        return spins;
    }

    @Test
    void eachTaskReportsItsWallAndCpuTime() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client client = inProcess.client()) {
            AsyncResult<Integer> ar = client.loadBalanced().applyAsync(() -> burn(30));
            ar.get();
            TaskMetadata m = ar.metadata().get(0);
            assertThat(m.cpuTime()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(m.wallTime()).isNotNull();
            AsyncResult<ShellResult> shell = client.loadBalanced().shellAsync(ShellCommand.sh("true"));
            shell.get();
            assertThat(shell.metadata().get(0).cpuTime()).as("a command's CPU is its own process's").isNull();
        }
    }
}
