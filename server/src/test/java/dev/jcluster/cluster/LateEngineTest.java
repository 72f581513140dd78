package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that joins while large tasks are queued: the tasks it is sent in the same read as its
 * welcome are not held to the limit for peers that have not said hello.
 */
class LateEngineTest {
    @TempDir
    Path dir;

    @Test
    void anEngineAddedWhile200KibTasksAreQueuedTakesThemAllAndNoneFails() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 0); Client client = cluster.client()) {
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                byte[] a = new byte[200 * 1024];
                a[a.length - 1] = (byte) i;
                inputs.add(a);
            }
            AsyncResult<List<Integer>> lastBytes = client.loadBalanced()
                    .withOptions(TaskOptions.DEFAULTS.withRetries(0))
                    .mapAsync(a -> (int) a[a.length - 1], inputs);
            cluster.engines().start(cluster.connectionFile());

            List<Integer> got = lastBytes.get(Duration.ofSeconds(60));
            assertThat(got).hasSize(60);
            for (int i = 0; i < 60; i++) {
                assertThat(got.get(i)).isEqualTo(i);
            }
            assertThat(client.status().failed()).isZero();
        }
    }
}
