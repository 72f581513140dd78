package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 load-balanced tasks of 2 KiB each (about 200 MB) queued on a controller with a 64 MiB
 * heap and no engine: it accepts them all, since behind the first ones they wait in its store,
 * not in its memory; then two engines arrive and every result comes back.
 */
class QueuedMemoryTest {
    private static final int TASKS = 100_000;

    @TempDir
    Path dir;

    @Test
    void aHundredThousandQueuedTasksFitInASmallControllerHeap() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false, List.of("-Xmx64m"), "--queued-in-memory", "10000", "--queued-value-mib", "4");
            try (Client c = Client.connect(controller.connectionFile())) {
                byte[] payload = new byte[2048];
                payload[7] = 1;
                List<Integer> inputs = IntStream.range(0, TASKS).boxed().toList();
                AsyncResult<List<Integer>> results = c.loadBalanced().mapAsync(x -> x + payload[7], inputs);
                Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                        .until(() -> c.status().queued() == TASKS);
                long rss = residentKib(controller.pid());
                System.out.printf("%d tasks (%d MB of values) queued: controller resident %d MiB with -Xmx64m, "
                        + "store %d MiB%n", TASKS, (long) TASKS * payload.length >> 20, rss >> 10,
                        Files.size(dir.resolve("store.mv")) >> 20);

                engines.start(controller.connectionFile());
                engines.start(controller.connectionFile());
                List<Integer> out = results.get(Duration.ofSeconds(300));
                assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x + 1).toList());
                assertThat(c.status().queued()).isZero();
            }
        }
    }

    /** VmRSS of a Linux process, in KiB. */
    private static long residentKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
