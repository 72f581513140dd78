package dev.jcluster.controller;

import static dev.jcluster.controller.Harness.direct;
import static dev.jcluster.controller.Harness.loadBalanced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Outcome;
import dev.jcluster.protocol.Refused;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Taken;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.WorkKind;
import dev.jcluster.protocol.Welcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller's coordinator and its parts together, with engines and clients on embedded channels. */
class DispatcherTest {
    private final Harness h = new Harness(b -> b.maxOutstandingPerEngine(1));

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static Result ok(Dispatch d, int engineId) {
        return Result.ok(d.taskId(), engineId, "host", 1, 2, 0, "", "", Unpooled.EMPTY_BUFFER);
    }

    @Test
    void engineIdsAreHandedOutInOrderAndAnIdInUseIsRefused() {
        Harness.Peer a = h.engine(-1);
        Harness.Peer b = h.engine(-1);
        assertThat(a.received(Welcome.class)).extracting(Welcome::engineId).containsExactly(0);
        assertThat(b.received(Welcome.class)).extracting(Welcome::engineId).containsExactly(1);

        Harness.Peer intruder = h.engine(1);
        assertThat(intruder.engine).isNull();
        intruder.channel.runPendingTasks();
        assertThat(intruder.channel.<Envelope>readOutbound().message()).isInstanceOf(Refused.class)
                .extracting(m -> ((Refused) m).reason()).asString().contains("engine id 1 is already in use");
        assertThat(h.dispatcher.liveEngines()).isEqualTo(2);
    }

    @Test
    void aLoadBalancedTaskRunsOnAnEngineAndItsResultReachesItsClientAfterTheAcceptance() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(7, 0));

        List<Dispatch> sent = engine.received(Dispatch.class);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).clientUuid()).isEqualTo(client.uuid);
        assertThat(client.received(Accepted.class)).extracting(Accepted::upToTaskId).containsExactly(7L);

        h.dispatcher.result(engine.engine, ok(sent.get(0), 0));
        List<Result> results = client.received(Result.class);
        assertThat(results).extracting(Result::taskId).containsExactly(7L);  // the client's own id
        assertThat(h.dispatcher.queries().status().completed()).isEqualTo(1);
        assertThat(h.dispatcher.queries().status().untaken()).isEqualTo(1);

        h.dispatcher.taken(client.client, new Taken(List.of(7L)));
        assertThat(h.dispatcher.queries().status().untaken()).isZero();
    }

    @Test
    void aSubmissionForManyEnginesBecomesOneTaskPerEngineSharingOneValue() {
        Harness.Peer e0 = h.engine(-1);
        Harness.Peer e1 = h.engine(-1);
        Harness.Peer e2 = h.engine(-1);
        Harness.Peer client = h.client();
        ByteBuf value = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        h.dispatcher.submit(client.client, new Submit(10, 0, 0, 0, TaskSpec.push("v", value),
                List.of(2, 1), List.of(), List.of(), Submit.Needs.NONE));

        Dispatch to0 = e0.received(Dispatch.class).get(0);
        Dispatch to2 = e2.received(Dispatch.class).get(0);
        Dispatch to1 = e1.received(Dispatch.class).get(0);
        assertThat(List.of(to0, to1, to2)).allSatisfy(d ->
                assertThat(ByteBufUtil.getBytes(d.spec().value())).containsExactly(1, 2, 3));
        assertThat(client.received(Accepted.class)).extracting(Accepted::upToTaskId).containsExactly(10L);

        h.dispatcher.result(e0.engine, ok(to0, 0));
        h.dispatcher.result(e2.engine, ok(to2, 2));
        h.dispatcher.result(e1.engine, ok(to1, 1));
        assertThat(client.received(Result.class)).extracting(Result::taskId, Result::engineId)
                .containsExactly(tuple(10L, 0), tuple(11L, 2),
                        tuple(12L, 1));
        assertThat(h.dispatcher.queries().status().submitted()).isEqualTo(3);
    }

    private static ByteBuf functionAndArguments(byte[] function, byte[] arguments) {
        return Unpooled.buffer().writeInt(function.length).writeBytes(function).writeBytes(arguments);
    }

    @Test
    void aMapsFunctionReachesEachEngineOnceAndIsThenNamedByHash() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        byte[] fn = new byte[5000];
        h.dispatcher.submit(client.client, new Submit(1, 0, 0, 0,
                TaskSpec.apply("abc", functionAndArguments(fn, new byte[] {1}))));
        h.dispatcher.submit(client.client, new Submit(2, 0, 0, 0,
                TaskSpec.applyByHash("abc", Unpooled.wrappedBuffer(new byte[] {2}))));
        h.dispatcher.submit(client.client, new Submit(3, 0, 0, 0,
                TaskSpec.applyByHash("abc", Unpooled.wrappedBuffer(new byte[] {3}))));

        List<Dispatch> sent = engine.received(Dispatch.class);
        assertThat(sent).extracting(d -> d.spec().kind()).containsExactly(WorkKind.APPLY, WorkKind.APPLY_REF,
                WorkKind.APPLY_REF);
        assertThat(sent.get(0).spec().value().readableBytes()).isEqualTo(4 + 5000 + 1);
        assertThat(ByteBufUtil.getBytes(sent.get(2).spec().value())).containsExactly(3);

        // the engine let the function go: task 3 comes back whole, and runs
        h.dispatcher.result(engine.engine, Result.functionNotHere(sent.get(2).taskId(), 0, "host", 0,
                Result.FUNCTION_MISSING, "engine has no function abc"));
        Dispatch again = engine.received(Dispatch.class).get(0);
        assertThat(again.taskId()).isEqualTo(sent.get(2).taskId());
        assertThat(again.spec().kind()).isEqualTo(WorkKind.APPLY);
        assertThat(again.spec().value().readableBytes()).isEqualTo(4 + 5000 + 1);
        assertThat(client.received(Result.class)).as("the client hears nothing of it").isEmpty();
    }

    @Test
    void aTaskNamingAFunctionTheControllerDoesNotHaveFailsSoItsClientSendsItWhole() {
        h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, new Submit(4, 0, 0, 0,
                TaskSpec.applyByHash("gone", Unpooled.wrappedBuffer(new byte[] {4}))));
        assertThat(client.received(Result.class)).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo(4);
            assertThat(r.errorClass()).isEqualTo(Result.FUNCTION_UNKNOWN);
        });
    }

    @Test
    void aTaskAskingForRetriesAfterItsOwnFailureRunsAgainAndItsHistoryNamesEachAttempt() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, new Submit(5, Submit.ANY_ENGINE, 2, 0, TaskSpec.code("boom()"), List.of(),
                List.of(Submit.ANY_FAILURE), List.of(), Submit.Needs.NONE));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Dispatch d = engine.received(Dispatch.class).get(0);
            assertThat(d.attempt()).isEqualTo(attempt);
            h.dispatcher.result(engine.engine, Result.failed(d.taskId(), 0, "host", 1, 2, 0, "", "",
                    "java.lang.IllegalStateException", "failure " + attempt, ""));
        }
        Result last = client.received(Result.class).get(0);
        assertThat(last.taskId()).isEqualTo(5);
        assertThat(last.errorMessage()).isEqualTo("failure 3");
        assertThat(last.attempts()).hasSize(2).allSatisfy(a -> assertThat(a).contains("engine 0")
                .contains("java.lang.IllegalStateException"));
        assertThat(last.attempts().get(0)).contains("failure 1");
        assertThat(engine.received(Dispatch.class)).as("no fourth attempt").isEmpty();
    }

    @Test
    void onlyTheNamedFailuresAreRetried() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, new Submit(6, Submit.ANY_ENGINE, 3, 0, TaskSpec.code("x()"), List.of(),
                List.of("java.io.IOException"), List.of(), Submit.Needs.NONE));
        Dispatch d = engine.received(Dispatch.class).get(0);
        h.dispatcher.result(engine.engine, Result.failed(d.taskId(), 0, "host", 1, 2, 0, "", "",
                "java.lang.ArithmeticException", "/ by zero", ""));
        assertThat(client.received(Result.class)).singleElement()
                .satisfies(r -> assertThat(r.errorClass()).isEqualTo("java.lang.ArithmeticException"));
    }

    private static Submit onlyOn(long clientTaskId, int... engines) {
        return new Submit(clientTaskId, Submit.ANY_ENGINE, 0, 0, TaskSpec.code("1"), List.of(), List.of(),
                Arrays.stream(engines).boxed().toList(), Submit.Needs.NONE);
    }

    @Test
    void loadBalancingOverASubsetUsesOnlyThoseEnginesAndFailsWhenTheyAreGone() {
        Harness.Peer e0 = h.engine(-1);
        Harness.Peer e1 = h.engine(-1);
        Harness.Peer e2 = h.engine(-1);
        Harness.Peer client = h.client();
        for (long i = 1; i <= 3; i++) {
            h.dispatcher.submit(client.client, onlyOn(i, 2));
        }
        h.dispatcher.submit(client.client, onlyOn(9, 7));
        assertThat(e0.received(Dispatch.class)).isEmpty();
        assertThat(e1.received(Dispatch.class)).isEmpty();
        List<Dispatch> toTwo = e2.received(Dispatch.class);
        assertThat(toTwo).hasSize(1);  // one outstanding per engine here; the others wait for engine 2
        assertThat(client.received(Result.class)).singleElement().satisfies(r -> {
            assertThat(r.taskId()).isEqualTo(9);
            assertThat(r.errorClass()).isEqualTo(Result.NO_SUCH_ENGINE);
            assertThat(r.errorMessage()).contains("none of engines [7]");
        });

        h.dispatcher.result(e2.engine, ok(toTwo.get(0), 2));
        assertThat(e2.received(Dispatch.class)).hasSize(1);
        assertThat(e0.received(Dispatch.class)).isEmpty();

        h.dispatcher.engineLost(e2.engine, "test");
        assertThat(client.received(Result.class)).extracting(Result::taskId, Result::errorClass)
                .containsExactlyInAnyOrder(tuple(1L, null), tuple(2L, Result.ENGINE_LOST),
                        tuple(3L, Result.NO_SUCH_ENGINE));
        assertThat(h.dispatcher.queries().status().queued()).isZero();
    }

    @Test
    void theLeastLoadedEngineGetsTheNextTaskAndTheRestWaitForRoom() {
        Harness.Peer a = h.engine(-1);
        Harness.Peer b = h.engine(-1);
        Harness.Peer client = h.client();
        for (long i = 1; i <= 3; i++) {
            h.dispatcher.submit(client.client, loadBalanced(i, 0));
        }
        List<Dispatch> toA = a.received(Dispatch.class);
        List<Dispatch> toB = b.received(Dispatch.class);
        assertThat(toA).hasSize(1);
        assertThat(toB).hasSize(1);
        assertThat(h.dispatcher.queries().status().queued()).isEqualTo(1);

        h.dispatcher.result(b.engine, ok(toB.get(0), 1));
        assertThat(b.received(Dispatch.class)).hasSize(1);
        assertThat(h.dispatcher.queries().status().queued()).isZero();
    }

    @Test
    void aLostEnginesTaskRunsAgainElsewhereWhileItsRetriesLastAndNeverOnTheSameSession() {
        Harness.Peer a = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(1, 1));
        h.dispatcher.submit(client.client, loadBalanced(2, 0));
        assertThat(a.received(Dispatch.class)).extracting(Dispatch::attempt).containsExactly(1);

        Harness.Peer b = h.engine(-1);
        Dispatch toB = b.received(Dispatch.class).get(0);  // task 2 goes to the new engine
        h.dispatcher.engineLost(a.engine, "test");
        assertThat(a.channel.isActive()).isFalse();
        assertThat(client.received(Result.class)).isEmpty();

        h.dispatcher.result(b.engine, ok(toB, 1));
        List<Dispatch> retried = b.received(Dispatch.class);
        assertThat(retried).extracting(Dispatch::attempt).containsExactly(2);
        assertThat(h.dispatcher.queries().task(retried.get(0).taskId()).attempts()).singleElement().asString()
                .contains("attempt 1: engine 0").contains("engine lost (test)");
    }

    @Test
    void aLostEnginesTaskWithoutRetriesFailsNamingEngineAndTask() {
        Harness.Peer a = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(5, 0));
        h.dispatcher.engineLost(a.engine, "connection closed");
        Result r = client.received(Result.class).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.ENGINE_LOST);
        assertThat(r.errorClass()).isEqualTo(Result.ENGINE_LOST);
        assertThat(r.errorMessage()).contains("engine 0 on host").contains("task 5").contains("connection closed");
        assertThat(r.attempts()).hasSize(1);
    }

    @Test
    void aDirectTaskForAnAbsentEngineFailsNamingTheEnginesThereAre() {
        h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, direct(1, 9));
        Result r = client.received(Result.class).get(0);
        assertThat(r.errorClass()).isEqualTo(Result.NO_SUCH_ENGINE);
        assertThat(r.errorMessage()).isEqualTo("no engine 9 in this cluster (engines: [0])");
    }

    @Test
    void aTaskSentAgainAfterAReconnectRunsOnce() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(1, 0));
        h.dispatcher.submit(client.client, loadBalanced(1, 0));
        assertThat(engine.received(Dispatch.class)).hasSize(1);
        assertThat(h.dispatcher.queries().status().submitted()).isEqualTo(1);
    }

    @Test
    void cancellingAQueuedTaskEndsItAndARunningOneIsAskedToStop() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(1, 0));
        h.dispatcher.submit(client.client, loadBalanced(2, 0));
        Dispatch running = engine.received(Dispatch.class).get(0);

        h.dispatcher.cancel(client.client, new Cancel(2));
        assertThat(client.received(Result.class)).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED))
                .satisfies(r -> assertThat(r.taskId()).isEqualTo(2));
        h.dispatcher.cancel(client.client, new Cancel(1));
        assertThat(engine.received(Cancel.class)).extracting(Cancel::taskId).containsExactly(running.taskId());
    }

    @Test
    void aDrainingEngineGivesBackWhatItNeverStartedAndIsToldToLeaveOnceEmpty() throws Exception {
        try (Harness wide = new Harness(b -> b.maxOutstandingPerEngine(2))) {
            Harness.Peer a = wide.engine(-1);
            Harness.Peer client = wide.client();
            wide.dispatcher.submit(client.client, loadBalanced(1, 0));
            wide.dispatcher.submit(client.client, loadBalanced(2, 0));
            wide.dispatcher.submit(client.client, direct(3, 0));
            List<Dispatch> sent = a.received(Dispatch.class);
            assertThat(sent).hasSize(3);

            wide.dispatcher.drain(a.engine, new Drain(List.of(sent.get(1).taskId(), sent.get(2).taskId()),
                    "walltime in 2 min"));
            Result direct = client.received(Result.class).get(0);
            assertThat(direct.taskId()).isEqualTo(3);
            assertThat(direct.errorMessage()).contains("gave task 3 back unstarted: walltime in 2 min");
            assertThat(wide.dispatcher.queries().status().queued()).isEqualTo(1);
            assertThat(a.received(Shutdown.class)).isEmpty();

            wide.dispatcher.result(a.engine, ok(sent.get(0), 0));
            assertThat(a.received(Shutdown.class)).singleElement()
                    .satisfies(s -> assertThat(s.reason()).isEqualTo("drained: walltime in 2 min"));
            Harness.Peer b = wide.engine(-1);
            assertThat(b.received(Dispatch.class)).hasSize(1);
            assertThat(wide.dispatcher.queries().status().engines()).extracting(EngineInfo::state).containsExactly(EngineState.DRAINING, EngineState.BUSY);
        }
    }

    @Test
    void anEngineRetiredByAClientGetsNothingMoreGivesBackItsQueueAndLeavesWhenItsTaskEnds() throws Exception {
        try (Harness wide = new Harness(b -> b.maxOutstandingPerEngine(2))) {
            Harness.Peer a = wide.engine(-1);
            Harness.Peer client = wide.client();
            wide.dispatcher.submit(client.client, loadBalanced(1, 0));
            wide.dispatcher.submit(client.client, loadBalanced(2, 0));
            List<Dispatch> sent = a.received(Dispatch.class);
            assertThat(sent).hasSize(2);

            wide.dispatcher.shutdown(new Shutdown("idle 2m", new int[] {a.engine.id}, true));
            assertThat(a.received(Drain.class)).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("idle 2m"));
            wide.dispatcher.submit(client.client, loadBalanced(3, 0));
            assertThat(a.received(Dispatch.class)).as("a retiring engine is sent nothing more").isEmpty();
            assertThat(a.received(Shutdown.class)).as("it still runs a task").isEmpty();

            // the engine answers as Engine.drain does: the task it had not started comes back
            wide.dispatcher.drain(a.engine, new Drain(List.of(sent.get(1).taskId()), "idle 2m"));
            assertThat(wide.dispatcher.queries().status().queued()).isEqualTo(2);
            wide.dispatcher.result(a.engine, ok(sent.get(0), 0));
            assertThat(a.received(Shutdown.class)).singleElement()
                    .satisfies(s -> assertThat(s.reason()).isEqualTo("drained: idle 2m"));
            Harness.Peer b = wide.engine(-1);
            assertThat(b.received(Dispatch.class)).hasSize(2);
            assertThat(client.received(Result.class)).extracting(Result::taskId).containsExactly(1L);
            wide.dispatcher.engineLost(a.engine, "connection closed");
            assertThat(wide.dispatcher.queries().status().engines()).extracting(EngineInfo::state)
                    .as("it left as told; nothing was lost").containsExactly(EngineState.LEFT, EngineState.BUSY);
        }
    }

    @Test
    void anEngineThatRestartsGetsItsDirectTasksBackAndOthersRunItsLoadBalancedOnes() throws Exception {
        try (Harness wide = new Harness(b -> b.maxOutstandingPerEngine(2))) {
            Harness.Peer a = wide.engine(0);
            Harness.Peer client = wide.client();
            wide.dispatcher.submit(client.client, direct(1, 0));
            wide.dispatcher.submit(client.client, loadBalanced(2, 0));
            wide.dispatcher.submit(client.client, direct(3, 0));
            List<Dispatch> sent = a.received(Dispatch.class);
            assertThat(sent).hasSize(3);

            wide.dispatcher.result(a.engine, Result.aborted(sent.get(0).taskId(), 0, "host-0", Outcome.TIMEOUT, 1000,
                    1, 2, "", ""));
            wide.dispatcher.drain(a.engine, new Drain(List.of(sent.get(1).taskId()), "restarting", true));
            wide.dispatcher.submit(client.client, direct(4, 0));
            wide.dispatcher.engineLost(a.engine, "connection closed");
            assertThat(client.received(Result.class)).extracting(Result::taskId).containsExactly(1L);
            assertThat(a.received(Shutdown.class)).as("it leaves by itself").isEmpty();

            Harness.Peer b = wide.engine(-1);
            assertThat(b.received(Dispatch.class)).as("the load-balanced task, given back unstarted, runs elsewhere")
                    .singleElement().satisfies(d -> assertThat(d.spec().text()).isEqualTo("1 + 2"));
            Harness.Peer again = wide.engine(0);
            assertThat(again.received(Dispatch.class)).as("direct tasks waited for engine 0, in order")
                    .extracting(d -> d.spec().text()).containsExactly("2 + 3", "2 + 4");
            assertThat(client.received(Result.class)).isEmpty();
        }
    }

    @Test
    void directTasksForAnEngineThatDoesNotComeBackFromARestartFailInTime() throws Exception {
        try (Harness h2 = new Harness(b -> b.restoreGrace(Duration.ofSeconds(30)))) {
            h2.loop.freezeTime();
            Harness.Peer a = h2.engine(0);
            Harness.Peer client = h2.client();
            h2.dispatcher.submit(client.client, direct(1, 0));
            Dispatch stuck = a.received(Dispatch.class).get(0);
            h2.dispatcher.result(a.engine, Result.aborted(stuck.taskId(), 0, "host-0", Outcome.TIMEOUT, 1000, 1, 2,
                    "", ""));
            h2.dispatcher.drain(a.engine, new Drain(List.of(), "restarting", true));
            h2.dispatcher.engineLost(a.engine, "connection closed");
            h2.dispatcher.submit(client.client, direct(2, 0));
            assertThat(client.received(Result.class)).extracting(Result::taskId).containsExactly(1L);

            h2.loop.advanceTimeBy(29, TimeUnit.SECONDS);
            h2.loop.runScheduledPendingTasks();
            assertThat(client.received(Result.class)).isEmpty();
            h2.loop.advanceTimeBy(2, TimeUnit.SECONDS);
            h2.loop.runScheduledPendingTasks();
            assertThat(client.received(Result.class)).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(Outcome.ENGINE_LOST);
                assertThat(r.errorMessage()).contains("engine 0 restarted to stop a stuck task and did not come back"
                        + " within 30 s, so task 2 could not run");
            });
        }
    }

    @Test
    void anEngineSilentPastTheLimitIsLostAndTheControllerBeatsToTheOthers() throws Exception {
        try (Harness beat = new Harness(b -> b.heartbeat(Duration.ofMillis(100), 3))) {
            Harness.Peer quiet = beat.engine(-1);
            Harness.Peer talking = beat.engine(-1);
            for (int i = 0; i < 40; i++) {  // 400 ms of ticks, every 10 ms
                beat.now += TimeUnit.MILLISECONDS.toNanos(10);
                beat.dispatcher.heard(talking.engine);
                beat.dispatcher.livenessTick();
            }
            assertThat(quiet.engine.lost()).isTrue();
            assertThat(talking.engine.lost()).isFalse();
            assertThat(talking.received(Heartbeat.class)).isNotEmpty();
            assertThat(beat.dispatcher.liveEngines()).isEqualTo(1);
        }
    }

    @Test
    void aControllerThatCouldNotLookForAWhileBlamesNoEngineForIt() throws Exception {
        try (Harness beat = new Harness(b -> b.heartbeat(Duration.ofMillis(100), 3))) {
            Harness.Peer engine = beat.engine(-1);
            beat.dispatcher.livenessTick();
            beat.now += TimeUnit.SECONDS.toNanos(5);  // the loop itself stalled
            beat.dispatcher.livenessTick();
            assertThat(engine.engine.lost()).isFalse();
        }
    }

    @Test
    void classRequestsGoToTheTasksClientAndWaitForItWhileItIsAway() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        client.received();
        h.dispatcher.classRequest(engine.engine, 11, new ClassRequest(client.uuid, "a/B.class", new byte[0]));
        Envelope asked = client.received().get(0);
        h.dispatcher.classData(client.client, asked.id(), ClassData.notFound("a/B.class"));
        assertThat(engine.received()).filteredOn(e -> e.message() instanceof ClassData)
                .extracting(Envelope::replyTo).containsExactly(11L);

        h.dispatcher.submit(client.client, loadBalanced(1, 0));  // so the away client is remembered
        client.channel.close();
        h.dispatcher.clientGone(client.client);
        h.dispatcher.classRequest(engine.engine, 12, new ClassRequest(client.uuid, "a/C.class", new byte[0]));
        assertThat(engine.received(ClassData.class)).isEmpty();
        Harness.Peer back = h.clientAgain(client.uuid);
        assertThat(back.received(ClassRequest.class)).extracting(ClassRequest::resourceName)
                .containsExactly("a/C.class");
    }

    @Test
    void resultsWaitForAClientThatIsAwayAndAreSentAgainWhenItIsBack() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.submit(client.client, loadBalanced(1, 0));
        Dispatch d = engine.received(Dispatch.class).get(0);
        client.channel.close();
        h.dispatcher.clientGone(client.client);
        h.dispatcher.result(engine.engine, ok(d, 0));

        Harness.Peer back = h.clientAgain(client.uuid);
        assertThat(back.received(Result.class)).extracting(Result::taskId).containsExactly(1L);
        assertThat(h.dispatcher.queries().status().clients()).isEqualTo(1);
    }

    @Test
    void withoutAStoreTheOldestResultsForAnAwayClientGoPastTheLimit() throws Exception {
        try (Harness small = new Harness(b -> b.maxRetainedResults(1).maxOutstandingPerEngine(2))) {
            Harness.Peer engine = small.engine(-1);
            Harness.Peer client = small.client();
            small.dispatcher.submit(client.client, loadBalanced(1, 0));
            small.dispatcher.submit(client.client, loadBalanced(2, 0));
            List<Dispatch> sent = engine.received(Dispatch.class);
            client.channel.close();
            small.dispatcher.clientGone(client.client);
            small.dispatcher.result(engine.engine, ok(sent.get(0), 0));
            small.dispatcher.result(engine.engine, ok(sent.get(1), 0));
            assertThat(small.dispatcher.queries().status().untaken()).as("the older one was dropped").isEqualTo(1);

            Harness.Peer back = small.clientAgain(client.uuid);
            assertThat(back.received(Result.class)).extracting(Result::taskId).containsExactly(2L);
        }
    }

    @Test
    void aClusterShutdownTellsEveryEngineAndClient() {
        Harness.Peer engine = h.engine(-1);
        Harness.Peer client = h.client();
        h.dispatcher.shutdown(new Shutdown("test", new int[0]));
        assertThat(engine.received(Shutdown.class)).hasSize(1);
        assertThat(client.received(Shutdown.class)).hasSize(1);
        assertThat(h.shutdowns).isEqualTo(1);
    }
}
