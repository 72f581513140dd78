package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.CompositeRemoteException;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.LoadBalancedView;
import dev.jcluster.client.OutputLine;
import dev.jcluster.client.Ref;
import dev.jcluster.client.RemoteCallable;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.ShellCommand;
import dev.jcluster.client.ShellResult;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.SerializationException;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of work, end to end, on a controller and two real engine JVMs. */
class ClusterWorkTest {
    @TempDir
    static Path dir;
    static TestCluster cluster;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir, 2);
        client = cluster.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void javaTaskRunsOnEveryEngineInItsOwnProcess() throws IOException {
        List<Long> pids = client.direct().apply(() -> ProcessHandle.current().pid());
        assertThat(pids).hasSize(2).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void aPushedValueIsReadByTasksThroughItsRefWithoutTravellingAgain() throws IOException {
        Ref<double[]> data = client.direct().push("refData", new double[] {1, 2, 3});
        List<Double> scaled = client.loadBalanced().map(x -> x * Arrays.stream(data.get()).sum(), List.of(1.0, 2.0));
        assertThat(scaled).containsExactly(6.0, 12.0);
        // in threads the task starts too
        assertThat(client.direct(0).apply(() -> IntStream.range(0, 8).parallel().map(i -> data.get().length).sum()))
                .containsExactly(24);
        assertThatThrownBy(data::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client.direct().pull(\"refData\")");
    }

    @Test
    void aScatteredListIsReadAsEachEnginesOwnBlock() throws IOException {
        Ref<List<Integer>> part = client.direct().scatter("refParts", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        List<Integer> sums = client.direct().apply(() -> part.get().stream().mapToInt(Integer::intValue).sum());
        assertThat(sums).hasSize(2);
        assertThat(sums.get(0) + sums.get(1)).isEqualTo(55);
    }

    @Test
    void aRefToNothingOrToAnotherTypeFailsItsTaskNamingNameAndEngine() {
        Ref<String> missing = Ref.to("refNeverPushed", String.class);
        assertThatThrownBy(() -> client.direct(0).apply(missing::get)).isInstanceOf(RemoteException.class)
                .hasMessageContaining("java.util.NoSuchElementException")
                .hasMessageContaining("no value named 'refNeverPushed' on engine 0");
        Ref<String> wrong = Ref.to("refData", String.class);
        assertThatThrownBy(() -> client.direct(0).apply(() -> wrong.get().length()))
                .isInstanceOf(RemoteException.class).hasMessageContaining("java.lang.ClassCastException")
                .hasMessageContaining("'refData' on engine 0 is a double[], not the java.lang.String this Ref reads");
    }

    @Test
    void aLargeResultIsDecodedOffTheClientsIoThreadAndASmallOneOnIt() throws IOException {
        DecodedOn large = client.direct(0).apply(() -> new DecodedOn(4 << 20)).get(0);
        DecodedOn small = client.direct(0).apply(() -> new DecodedOn(16)).get(0);
        assertThat(large.thread()).startsWith("jcluster-client-decoder");
        assertThat(small.thread()).startsWith("jcluster-client-").doesNotContain("decoder");
    }

    /** This lambda's class lives in the test classes, which the engine JVMs do not have. */
    @Test
    void classOnlyOnTheClientClassPathRunsOnAnEngine() throws IOException {
        assertThat(client.loadBalanced().apply(() -> new ClientOnlyPoint(3, 4).norm())).isEqualTo(5.0);
    }

    @Test
    void remoteExceptionCarriesEngineClassMessageAndTrace() {
        assertThatThrownBy(() -> client.direct(0).apply(() -> {
            throw new IllegalStateException("boom on purpose");
        })).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.engineId()).isEqualTo(0);
            assertThat(e.remoteClassName()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.getMessage()).isEqualTo("[engine 0] java.lang.IllegalStateException: boom on purpose");
            assertThat(e.remoteStackTrace()).contains("ClusterWorkTest");
        });
    }

    @Test
    void failuresOnSeveralEnginesComposeIntoOne() {
        assertThatThrownBy(() -> client.direct().apply(() -> {
            throw new ArithmeticException("everyone fails");
        })).isInstanceOfSatisfying(CompositeRemoteException.class, e -> {
            assertThat(e.failures()).extracting(RemoteException::engineId).containsExactly(0, 1);
            assertThat(e.getMessage()).contains("[engine 1] java.lang.ArithmeticException: everyone fails");
        });
    }

    @Test
    void printedOutputIsCapturedPerTask() throws IOException {
        AsyncResult<List<Integer>> r = client.direct().applyAsync(() -> {
            System.out.println("hello from the engine");
            System.err.println("and its stderr");
            return 1;
        });
        assertThat(r.get()).containsExactly(1, 1);
        assertThat(r.metadata()).allSatisfy(m -> {
            assertThat(m.stdout()).isEqualTo("hello from the engine\n");
            assertThat(m.stderr()).isEqualTo("and its stderr\n");
            assertThat(m.started()).isNotNull();
            assertThat(m.completed()).isAfterOrEqualTo(m.started());
        });
    }

    @Test
    void jshellStatePersistsBetweenCalls() throws IOException {
        DirectView one = client.direct(1);
        one.execute("int counter = 40;");
        one.execute("counter += 2;");
        List<ExecuteResult> out = one.execute("System.out.println(\"counter=\" + counter); counter * 10");
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("420");
            assertThat(r.stdout()).isEqualTo("counter=42\n");
        });
    }

    @Test
    void codeErrorsComeBackAsRemoteExceptions() {
        assertThatThrownBy(() -> client.direct(0).execute("Integer.parseInt(\"x\")"))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.remoteClassName()).isEqualTo("java.lang.NumberFormatException"));
        assertThatThrownBy(() -> client.direct(0).execute("int y = ;"))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.remoteClassName()).isEqualTo("jdk.jshell.CompileError"));
    }

    @Test
    void pushAndPullByName() throws IOException {
        DirectView all = client.direct();
        all.push(Map.of("greeting", "hi", "numbers", new double[] {1.5, 2.5}));
        all.execute("String shout = greeting.toUpperCase() + numbers.length;");
        assertThat(all.<String>pull("shout")).containsExactly("HI2", "HI2");
        assertThat(all.<Double>pull("numbers[0] + numbers[1]")).containsExactly(4.0, 4.0);
    }

    @Test
    void pushingANameAgainReplacesItsValueAndItsType() throws IOException {
        DirectView one = client.direct(0);
        one.push(Map.of("v", new double[] {1, 2}));
        one.execute("double[] kept = v;");
        one.push(Map.of("v", new double[] {3, 4, 5}));  // same type: the declaration stays, the value changes
        assertThat(one.<Double>pull("v[2] + kept[1]")).containsExactly(7.0);
        one.push(Map.of("v", "now a string"));
        assertThat(one.<String>pull("v.toUpperCase()")).containsExactly("NOW A STRING");
        one.execute("String w = \"\" + v.length();");  // v is a String now, so length() is its method
        assertThat(one.<String>pull("w")).containsExactly("12");
    }

    @Test
    void scatterAndGatherRoundTrip() throws IOException {
        DirectView all = client.direct();
        List<Integer> values = IntStream.range(0, 101).boxed().toList();
        all.scatter("part", values);
        assertThat(all.<List<Integer>>pull("part")).extracting(List::size).containsExactly(50, 51);
        List<Integer> gathered = all.gather("part");
        assertThat(gathered).isEqualTo(values);

        double[] array = IntStream.range(0, 7).asDoubleStream().toArray();
        all.scatter("arr", array);
        double[] back = all.gather("arr");
        assertThat(back).containsExactly(array);
    }

    @Test
    void shellCommandReturnsOutputAndExitCode() throws IOException {
        ShellResult ok = client.loadBalanced().shellAsync(ShellCommand.sh("echo out; echo err >&2; exit 3")).get();
        assertThat(ok.exitCode()).isEqualTo(3);
        assertThat(ok.stdout()).isEqualTo("out\n");
        assertThat(ok.stderr()).isEqualTo("err\n");

        Path work = dir.resolve("shell-work");
        Files.createDirectories(work);
        List<ShellResult> pwd = client.direct().shell(ShellCommand.of("sh", "-c", "pwd; echo $JC_TEST")
                .inDirectory(work.toString()).withEnvironment(Map.of("JC_TEST", "set")));
        assertThat(pwd).allSatisfy(r -> assertThat(r.stdout()).isEqualTo(work + "\nset\n"));
    }

    @Test
    void loadBalancedMapOfTenThousandTasksReturnsEachResultOnceInOrder() throws Exception {
        List<Integer> inputs = IntStream.range(0, 10_000).boxed().toList();
        AsyncResult<List<Integer>> r = client.loadBalanced().mapAsync(x -> x * 2, inputs);
        List<Integer> out = r.get(Duration.ofMinutes(2)).stream().toList();
        assertThat(out).hasSize(10_000);
        assertThat(out).isEqualTo(inputs.stream().map(x -> x * 2).toList());
        Set<Integer> engines = new HashSet<>();
        r.metadata().forEach(m -> engines.add(m.engineId()));
        assertThat(engines).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void unorderedMapReturnsEveryResultExactlyOnce() throws Exception {
        List<Integer> inputs = IntStream.range(0, 500).boxed().toList();
        List<Integer> out = client.loadBalanced().withOptions(TaskOptions.DEFAULTS.withChunkSize(7))
                .mapUnorderedAsync(x -> x + 1, inputs).get(Duration.ofMinutes(1));
        assertThat(out).containsExactlyInAnyOrderElementsOf(inputs.stream().map(x -> x + 1).toList());
    }

    @Test
    void directMapSplitsAcrossEnginesInBlocks() throws IOException {
        List<String> out = client.direct().map(s -> s + "!", List.of("a", "b", "c"));
        assertThat(out).containsExactly("a!", "b!", "c!");
    }

    @Test
    void unserializableTaskFailsAtSubmissionNamingTheClassAndField() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> client.loadBalanced().apply(() -> notSerializable.hashCode()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("captured value 1 of the lambda (java.lang.Object) is not Serializable");
        assertThatThrownBy(() -> client.loadBalanced().apply(new JobWithAThread()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("field 'worker' of " + JobWithAThread.class.getName() + " (java.lang.Thread)");
    }

    /** A task whose field cannot travel. */
    static final class JobWithAThread implements RemoteCallable<Integer> {
        final Thread worker = new Thread(() -> { });

        @Override
        public Integer call() {
            return 1;
        }
    }

    @Test
    void timeoutAbortsARunningTask() {
        LoadBalancedView lb = client.loadBalanced().withOptions(TaskOptions.DEFAULTS
                .withTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> lb.apply(() -> {
            Thread.sleep(60_000);
            return 0;
        })).isInstanceOfSatisfying(RemoteException.class,
                e -> assertThat(e.remoteClassName()).isEqualTo("java.util.concurrent.TimeoutException"));
    }

    @Test
    void cancelStopsATaskWhileItRuns() {
        AsyncResult<List<Integer>> running = client.direct(1).applyAsync(() -> {
            Thread.sleep(60_000);
            return 0;
        });
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> client.status().engines().get(1).tasksRunning() == 1);
        running.cancel();
        assertThatThrownBy(() -> running.get(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.remoteClassName()).isEqualTo("java.util.concurrent.CancellationException"));
    }

    @Test
    void streamingTaskSendsLinesWhileItRuns() throws Exception {
        CountDownLatch firstLine = new CountDownLatch(1);
        List<OutputLine> lines = new CopyOnWriteArrayList<>();
        LoadBalancedView lb = client.loadBalanced().streaming(line -> {
            lines.add(line);
            firstLine.countDown();
        });
        Path gate = dir.resolve("gate");
        AsyncResult<ShellResult> r = lb.shellAsync(ShellCommand.sh("echo started; echo warn >&2; "
                + "while [ ! -e " + gate + " ]; do sleep 0.05; done; printf 'done'"));
        assertThat(firstLine.await(30, TimeUnit.SECONDS)).as("a line before the task ends").isTrue();
        assertThat(r.isDone()).isFalse();
        Files.createFile(gate);
        ShellResult result = r.get(Duration.ofSeconds(30));
        assertThat(result.stdout()).isEqualTo("started\ndone");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 3);
        assertThat(lines).extracting(OutputLine::text).containsExactlyInAnyOrder("started\n", "warn\n", "done");
        assertThat(lines).filteredOn(OutputLine::stderr).extracting(OutputLine::text).containsExactly("warn\n");
        assertThat(lines).allSatisfy(l -> assertThat(l.engineId()).isEqualTo(result.engineId()));
    }

    @Test
    void historyKeepsFailedTasksWithTheirStackTrace() throws Exception {
        assertThatThrownBy(() -> client.direct(1).execute("throw new IllegalStateException(\"for the history\")"))
                .isInstanceOf(RemoteException.class);
        TaskList failed = client.tasks(TaskState.FAILED, 1, 10);
        assertThat(failed.tasks()).isNotEmpty();
        TaskRow row = failed.tasks().get(0);
        assertThat(row.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(row.label()).contains("for the history");
        TaskDetail detail = client.task(row.id());
        assertThat(detail.found()).isTrue();
        assertThat(detail.errorTrace()).contains("java.lang.IllegalStateException: for the history");
        assertThat(detail.attempts()).singleElement().asString().contains("engine 1");
        assertThat(client.task(987_654_321L).found()).isFalse();
    }

    @Test
    void statusShowsTheTaskAnEngineRunsAndItsMemory() throws Exception {
        AsyncResult<List<Integer>> running = client.direct(0).applyAsync(() -> {
            Thread.sleep(2_000);
            return 1;
        });
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> client.status().engines().get(0).currentTask() != 0);
        EngineInfo e = client.status().engines().get(0);
        assertThat(client.tasks(TaskState.RUNNING, 0, 10).tasks()).extracting(TaskRow::id)
                .contains(e.currentTask());
        running.get(Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> client.status().engines().get(0).rss() > 0);
        EngineInfo beaten = client.status().engines().get(0);
        assertThat(beaten.heapUsed()).isPositive();
        assertThat(beaten.heapMax()).isGreaterThanOrEqualTo(beaten.heapUsed());
    }

    @Test
    void twoClientsEachSeeTheirOwnResults() throws Exception {
        try (Client other = cluster.client()) {
            AsyncResult<List<Integer>> mine = client.loadBalanced().mapAsync(x -> x, List.of(1, 2, 3));
            AsyncResult<List<Integer>> theirs = other.loadBalanced().mapAsync(x -> -x, List.of(1, 2, 3));
            assertThat(theirs.get()).containsExactly(-1, -2, -3);
            assertThat(mine.get()).containsExactly(1, 2, 3);
        }
    }
}
