package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.MvTaskStore;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks that wait for others (after, follow): released, failed, or kept to an engine as their prerequisites end. */
class PrerequisitesTest {
    private final Harness h = new Harness(b -> b.maxOutstandingPerEngine(1));

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static Submit task(long clientTaskId, Submit.Needs needs) {
        return new Submit(clientTaskId, Submit.ANY_ENGINE, 0, 0, TaskSpec.code("t" + clientTaskId), List.of(),
                List.of(), List.of(), needs);
    }

    static Submit.Needs after(long... ids) {
        return new Submit.Needs(java.util.Arrays.stream(ids).boxed().toList(), -1, false);
    }

    static Result ok(Dispatch d, int engine) {
        return Result.ok(d.taskId(), engine, "host-" + engine, 1, 2, 0, "", "", Unpooled.EMPTY_BUFFER);
    }

    static Result failed(Dispatch d, int engine) {
        return Result.failed(d.taskId(), engine, "host-" + engine, 1, 2, 0, "", "", "java.lang.IllegalStateException",
                "boom", "");
    }

    private static List<String> texts(List<Dispatch> sent) {
        return sent.stream().map(d -> d.spec().text()).toList();
    }

    @Test
    void aTaskWaitsForItsPrerequisitesAndRunsOnceTheyHaveSucceeded() {
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, task(1, Submit.Needs.NONE));
        h.dispatcher.submit(client.client, task(2, Submit.Needs.NONE));
        h.dispatcher.submit(client.client, task(3, after(1, 2)));
        Harness.Peer e0 = h.engine(-1);
        Harness.Peer e1 = h.engine(-1);
        List<Dispatch> first = e0.received(Dispatch.class);
        List<Dispatch> second = e1.received(Dispatch.class);
        assertThat(texts(first)).containsExactly("t1");
        assertThat(texts(second)).containsExactly("t2");

        h.dispatcher.result(e0.engine, ok(first.get(0), 0));
        assertThat(e0.received(Dispatch.class)).as("task 2 has not finished yet").isEmpty();
        h.dispatcher.result(e1.engine, ok(second.get(0), 1));
        assertThat(texts(e0.received(Dispatch.class))).containsExactly("t3");
    }

    @Test
    void aFailedPrerequisiteFailsItsDependentsNamingItUnlessTheyRunRegardless() {
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, task(1, Submit.Needs.NONE));
        h.dispatcher.submit(client.client, task(2, after(1)));
        h.dispatcher.submit(client.client, task(3, after(2)));
        h.dispatcher.submit(client.client, task(4, new Submit.Needs(List.of(1L), -1, true)));
        Harness.Peer e0 = h.engine(-1);
        Dispatch one = e0.received(Dispatch.class).get(0);
        h.dispatcher.result(e0.engine, failed(one, 0));

        List<Result> results = client.received(Result.class);
        assertThat(results).extracting(Result::taskId).containsExactly(1L, 2L, 3L);
        assertThat(results.get(1).errorClass()).isEqualTo(Result.DEPENDENCY_ERROR);
        assertThat(results.get(1).errorMessage()).isEqualTo("task 2 did not run: task 1 failed (error:"
                + " java.lang.IllegalStateException: boom)");
        assertThat(results.get(2).errorMessage()).startsWith("task 3 did not run: task 2 failed (error: "
                + Result.DEPENDENCY_ERROR);
        assertThat(texts(e0.received(Dispatch.class))).as("task 4 runs whatever task 1 did").containsExactly("t4");
    }

    @Test
    void aFollowerRunsOnTheEngineItsLeaderRanOnOrFailsWhenThatEngineIsGone() {
        Harness.Peer client = h.client();
        Harness.Peer e0 = h.engine(-1);
        Harness.Peer e1 = h.engine(-1);
        h.dispatcher.submit(client.client, task(1, Submit.Needs.NONE));
        List<Dispatch> onE0 = e0.received(Dispatch.class);
        List<Dispatch> onE1 = e1.received(Dispatch.class);
        Harness.Peer leaderEngine = onE0.isEmpty() ? e1 : e0;
        Harness.Peer other = onE0.isEmpty() ? e0 : e1;
        Dispatch leader = onE0.isEmpty() ? onE1.get(0) : onE0.get(0);
        h.dispatcher.submit(client.client, task(2, new Submit.Needs(List.of(), 1, false)));
        h.dispatcher.submit(client.client, task(3, new Submit.Needs(List.of(), 1, false)));
        h.dispatcher.result(leaderEngine.engine, ok(leader, leaderEngine.engine.id));

        assertThat(texts(leaderEngine.received(Dispatch.class))).containsExactly("t2");
        assertThat(other.received(Dispatch.class)).as("free, but not where task 1 ran").isEmpty();
        h.dispatcher.engineLost(leaderEngine.engine, "gone");
        Result lost = client.received(Result.class).stream().filter(r -> r.taskId() == 3).findFirst().orElseThrow();
        assertThat(lost.errorClass()).isEqualTo(Result.NO_SUCH_ENGINE);
        assertThat(lost.errorMessage()).contains("engines [" + leaderEngine.engine.id + "]");
    }

    @Test
    void anUnknownPrerequisiteFailsAtOnceAndACancelledOneFailsItsDependent() {
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, task(5, after(99)));
        assertThat(client.received(Result.class)).singleElement().satisfies(r -> {
            assertThat(r.errorClass()).isEqualTo(Result.DEPENDENCY_ERROR);
            assertThat(r.errorMessage()).contains("task 99 is not known to the controller");
        });
        h.dispatcher.submit(client.client, task(6, Submit.Needs.NONE));
        h.dispatcher.submit(client.client, task(7, after(6)));
        h.dispatcher.cancel(client.client, new Cancel(6));
        assertThat(client.received(Result.class)).extracting(Result::taskId, Result::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6L, Outcome.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple(7L, Outcome.ERROR));
        h.dispatcher.submit(client.client, task(8, after(6)));
        assertThat(client.received(Result.class)).singleElement().satisfies(r ->
                assertThat(r.errorMessage()).as("found in history").contains("task 6 failed (cancelled"));
    }

    @Test
    void theStoreKeepsDependenciesAcrossAControllerRestart() throws Exception {
        Path file = dir.resolve("store.mv");
        String clientUuid;
        try (Harness before = new Harness(MvTaskStore.open(file), b -> b)) {
            Harness.Peer client = before.client();
            clientUuid = client.uuid;
            before.dispatcher.submit(client.client, task(1, Submit.Needs.NONE));
            before.dispatcher.submit(client.client, task(2, after(1)));
            client.awaitAccepted(2);
        }
        try (Harness after = new Harness(MvTaskStore.open(file), b -> b)) {
            Harness.Peer client = after.clientAgain(clientUuid);
            Harness.Peer engine = after.engine(-1);
            List<Dispatch> sent = engine.received(Dispatch.class);
            assertThat(texts(sent)).as("task 2 still waits for task 1").containsExactly("t1");
            after.dispatcher.result(engine.engine, ok(sent.get(0), 0));
            assertThat(texts(engine.received(Dispatch.class))).containsExactly("t2");
            assertThat(client.received(Result.class)).extracting(Result::taskId).contains(1L);
        }
    }
}
