package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TaskMetadata;
import dev.jcluster.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load balancing over some engines only, as ipyparallel's load-balanced view with targets. */
class EngineSubsetTest {
    @TempDir
    Path dir;

    @Test
    void tasksKeptToTwoOfThreeEnginesRunOnlyThereAndANameOfNoEngineFailsClearly() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3); Client client = cluster.client()) {
            client.waitForEngines(3, Duration.ofSeconds(60));
            List<Integer> inputs = IntStream.range(0, 30).boxed().toList();
            AsyncResult<List<Integer>> ar = client.loadBalanced(0, 2).mapAsync(x -> x * 3, inputs);
            assertThat(ar.get(Duration.ofSeconds(60))).containsExactlyElementsOf(inputs.stream().map(x -> x * 3).toList());
            assertThat(ar.metadata()).extracting(TaskMetadata::engineId).containsOnly(0, 2);

            assertThatThrownBy(() -> client.loadBalanced(5).apply(() -> 1)).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("none of engines [5]").hasMessageContaining("engines: [0, 1, 2]");
        }
    }
}
