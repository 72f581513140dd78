package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.MvTaskStore;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.TaskListRequest;
import dev.jcluster.protocol.TaskState;
import dev.jcluster.protocol.Welcome;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-balanced queue's memory bounds over a real store: spilled tasks and values come back in order. */
class LoadBalancedQueueTest {
    /** The store's commits run on a thread of their own; these tests keep to the test's thread by never committing. */
    private static final Duration NO_COMMIT = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void tasksBehindALongQueueWaitInTheStoreAndRunInTheOrderTheyCame() throws Exception {
        try (Harness h = new Harness(MvTaskStore.open(dir.resolve("store.mv")),
                b -> b.queuedTasksInMemory(4).queuedValueBytesInMemory(1_000).maxOutstandingPerEngine(1)
                        .storeCommitInterval(NO_COMMIT))) {
            Harness.Peer client = h.client();
            for (long i = 1; i <= 10; i++) {
                h.dispatcher.submit(client.client, Harness.withValue(i, 400));
            }
            h.dispatcher.flush();
            assertThat(h.dispatcher.queries().status().queued()).isEqualTo(10);
            assertThat(h.dispatcher.queries().tasks(new TaskListRequest(TaskState.QUEUED, -1, 100)).tasks())
                    .as("only the first tasks wait in memory").hasSize(4);

            Harness.Peer engine = h.engine(-1);
            List<Long> ran = new ArrayList<>();
            List<Integer> valueBytes = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                h.dispatcher.flush();
                h.loop.runPendingTasks();
                Envelope e = engine.channel.readOutbound();
                if (e.message() instanceof Welcome) {
                    e = engine.channel.readOutbound();
                }
                Dispatch d = (Dispatch) e.message();
                ran.add(d.taskId());
                valueBytes.add(d.spec().value().readableBytes());
                d.release();
                h.dispatcher.result(engine.engine, Result.ok(d.taskId(), 0, "host", 1, 2, 0, "", "",
                        Unpooled.EMPTY_BUFFER));
            }
            assertThat(ran).isSorted().doesNotHaveDuplicates().hasSize(10);
            assertThat(valueBytes).as("values the queue let go of are read back from the store").containsOnly(400);
            assertThat(h.dispatcher.queries().status().queued()).isZero();
            assertThat(h.dispatcher.queries().status().completed()).isEqualTo(10);
        }
    }

    @Test
    void aSpilledTaskCanBeCancelled() throws Exception {
        try (Harness h = new Harness(MvTaskStore.open(dir.resolve("store.mv")), b -> b.queuedTasksInMemory(2).storeCommitInterval(NO_COMMIT))) {
            Harness.Peer client = h.client();
            for (long i = 1; i <= 5; i++) {
                h.dispatcher.submit(client.client, Harness.loadBalanced(i, 0));
            }
            h.dispatcher.cancel(client.client, new Cancel(5));
            assertThat(client.received(Result.class)).extracting(Result::taskId).containsExactly(5L);
            assertThat(h.dispatcher.queries().status().queued()).isEqualTo(4);
        }
    }
}
