package dev.jcluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.protocol.ClusterKey;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A data link costs both ends a fraction of a second of a core (compiling AES-GCM) and the engine
 * a thread: a client that only runs small tasks never asks for one; the first large result that
 * comes through the controller has one set up, so that the next ones come straight.
 */
class DataLinkSetUpTest {
    @Test
    void smallTasksSetUpNoLinkAndALargeResultSetsOneUp() throws Exception {
        ControllerConfig config = ControllerConfig.builder(ClusterKey.random()).clusterId("links").bindHost("127.0.0.1")
                .build();
        try (Controller controller = Controller.start(config);
             Engine engine = Engine.start(EngineConfig.of(controller.connectionInfo()).withEngineId(0));
             Client client = Client.connect(controller.connectionInfo())) {
            client.waitForEngines(1, Duration.ofSeconds(30));
            DirectView one = client.direct(0);
            assertThat(one.apply(() -> 6 * 7)).containsExactly(42);
            one.execute("int small = 1;");
            one.push(java.util.Map.of("small", 2));
            // a link asked for would have reached the engine before these tasks did (the controller keeps order)
            assertThat(engine.dataLinkKeys()).as("link keys the engine holds after small tasks only").isZero();

            byte[] large = one.apply(() -> new byte[1 << 20]).get(0);
            assertThat(large).hasSize(1 << 20);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(engine.dataLinkKeys()).as("after a 1 MiB result").isEqualTo(1));
        }
    }
}
