package dev.jcluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.protocol.ClusterKey;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Short-lived clients (every `jcluster exec` is one) must not leave a class loader on every engine
 * for as long as the engine runs: once the controller has forgotten a client and the grace for a
 * reconnect has passed, engines drop its loader; a client still connected keeps its own.
 */
class ClientLoadersTest {
    @Test
    void clientsThatLeftForGoodTakeTheirClassLoadersOffTheEngine() throws Exception {
        ControllerConfig config = ControllerConfig.builder(ClusterKey.random()).clusterId("loaders")
                .bindHost("127.0.0.1").keepUntaken(Duration.ofMillis(200)).forgottenClientGrace(Duration.ofMillis(500))
                .build();
        try (Controller controller = Controller.start(config);
             Engine engine = Engine.start(EngineConfig.of(controller.connectionInfo()).withEngineId(0));
             Client staying = Client.connect(controller.connectionInfo())) {
            staying.waitForEngines(1, Duration.ofSeconds(30));
            assertThat(staying.direct(0).apply(() -> "here")).containsExactly("here");
            for (int i = 0; i < 5; i++) {
                try (Client passing = Client.connect(controller.connectionInfo())) {
                    int n = i;
                    assertThat(passing.direct(0).apply(() -> n * 2)).containsExactly(n * 2);
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(engine.clientLoaders())
                            .as("loaders left once the five passing clients are gone for good").isEqualTo(1));
            assertThat(staying.direct(0).apply(() -> "still here")).containsExactly("still here");
            assertThat(engine.clientLoaders()).as("the staying client's loader, kept").isEqualTo(1);
        }
    }
}
