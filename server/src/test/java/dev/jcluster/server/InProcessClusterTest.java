package dev.jcluster.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.client.ExecuteResult;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The degenerate case: the same API with engines as threads of this JVM. */
class InProcessClusterTest {
    @Test
    void sameApiWorksWithNoCluster() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(3); Client client = inProcess.client()) {
            assertThat(client.ids()).containsExactly(0, 1, 2);
            List<Integer> squares = client.loadBalanced().map(x -> x * x, IntStream.range(0, 100).boxed().toList());
            assertThat(squares).hasSize(100).startsWith(0, 1, 4, 9);
            assertThat(client.direct().execute("var z = 5; z * 2")).extracting(ExecuteResult::value)
                    .containsExactly("10", "10", "10");
            assertThat(client.direct(2).<Integer>pull("z")).containsExactly(5);
        }
    }
}
