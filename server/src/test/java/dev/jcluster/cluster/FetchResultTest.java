package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.engine.Engine;
import dev.jcluster.engine.EngineConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Another client reads a finished task's result by the controller's id, while the controller keeps it. */
class FetchResultTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anotherClientFetchesAResultByIdAndIsToldWhenItIsGone() throws Exception {
        try (Controller controller = Controller.start(ControllerConfig.builder(ClusterKey.random()).clusterId("fetch")
                .historyValueBytes(4_096).build());
             Engine engine = Engine.start(EngineConfig.of(controller.connectionInfo()).withEngineId(0));
             Client submitter = Client.connect(controller.connectionInfo());
             Client reader = Client.connect(controller.connectionInfo())) {
            submitter.waitForEngines(1, WAIT);
            assertThat(submitter.loadBalanced().apply(() -> "forty-two")).isEqualTo("forty-two");
            AsyncResult<Integer> failing = submitter.loadBalanced().applyAsync(() -> {
                throw new IllegalArgumentException("no");
            });
            assertThatThrownBy(() -> failing.get(WAIT)).isInstanceOf(RemoteException.class);

            List<TaskRow> done = reader.tasks(null, -1, 10).tasks();
            assertThat(done).hasSize(2);
            long okId = done.stream().filter(r -> r.state() == TaskState.DONE).findFirst().orElseThrow().id();
            long failedId = done.stream().filter(r -> r.state() == TaskState.FAILED).findFirst().orElseThrow().id();
            assertThat(reader.<String>result(okId)).isEqualTo("forty-two");
            assertThat(reader.task(okId).row().cpuNanos()).as("the CPU its engine thread used, kept in history")
                    .isPositive();
            assertThatThrownBy(() -> reader.result(failedId)).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertThat(e.remoteMessage()).isEqualTo("no"));
            assertThatThrownBy(() -> reader.result(999)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no task 999 in the controller's history");

            submitter.loadBalanced().apply(() -> new byte[8_000]);  // over the 4 KiB budget: not kept
            long bigId = reader.tasks(TaskState.DONE, -1, 1).tasks().get(0).id();
            assertThatThrownBy(() -> reader.result(bigId)).isInstanceOf(IOException.class)
                    .hasMessageContaining("its value is no longer kept");
            assertThat(reader.<String>result(okId)).as("small ones still are").isEqualTo("forty-two");
        }
    }
}
