package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteFunction;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import dev.jcluster.testing.LoopbackProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading while its results pile up costs the controller its store, not its
 * memory: results are written only while the client's connection takes them, the rest wait past
 * a small budget in the store, and all of them arrive once the client reads again.
 */
class StalledClientTest {
    private static final int TASKS = 400;
    private static final int RESULT_BYTES = 512 << 10;

    @TempDir
    Path dir;

    @Test
    void resultsForAClientThatStopsReadingWaitInTheStoreNotTheControllersMemory() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            // 200 MiB of results against 128 MiB of heap, and as much direct memory
            ConnectionInfo info = controller.start(false, List.of("-Xmx128m"), "--held-value-mib", "16");
            engines.start(controller.connectionFile());
            engines.start(controller.connectionFile());
            try (LoopbackProxy proxy = new LoopbackProxy(() -> info.addresses().get(0), Long.MAX_VALUE);
                 Client watcher = Client.connect(controller.connectionFile());
                 Client client = Client.connect(proxy.connectionFile(info, dir.resolve("proxied.properties")))) {
                client.waitForEngines(2, Duration.ofSeconds(60));
                RemoteFunction<Integer, byte[]> fill = i -> {
                    byte[] b = new byte[RESULT_BYTES];
                    java.util.Arrays.fill(b, (byte) (int) i);
                    b[b.length - 1] = (byte) (i >> 8);
                    return b;
                };
                // both engines load the function's class from the client while it still reads
                assertThat(client.direct().map(fill, List.of(0, 1))).hasSize(2);
                long before = watcher.status().completed();  // those two: the map's tasks are counted on top
                proxy.pauseToClients();
                AsyncResult<List<byte[]>> results = client.loadBalanced().mapAsync(fill,
                        IntStream.range(0, TASKS).boxed().toList());

                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> watcher.status().completed() >= before + TASKS);
                assertThat(ProcessHandle.of(controller.pid())).as("the controller is alive").isPresent();
                assertThat(watcher.status().untaken()).as("every result waits for the client").isEqualTo(TASKS);
                assertThat(watcher.status().engines()).as("no engine was lost").hasSize(2);

                proxy.resumeToClients();
                List<byte[]> all = results.get(Duration.ofMinutes(3));
                assertThat(all).hasSize(TASKS);
                for (int i = 0; i < TASKS; i++) {
                    byte[] b = all.get(i);
                    assertThat(b).hasSize(RESULT_BYTES);
                    assertThat(b[0]).isEqualTo((byte) i);
                    assertThat(b[RESULT_BYTES / 2]).isEqualTo((byte) i);
                    assertThat(b[RESULT_BYTES - 1]).isEqualTo((byte) (i >> 8));
                }
            }
        }
    }
}
