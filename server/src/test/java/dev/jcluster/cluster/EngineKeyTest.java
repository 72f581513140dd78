package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import dev.jcluster.controller.ControllerConfig;
import dev.jcluster.engine.Engine;
import dev.jcluster.engine.EngineConfig;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engines' key opens engine sessions only: what a stolen engine host holds cannot act as a client. */
class EngineKeyTest {
    @Test
    void anEngineRunsWithTheEnginesKeyButAClientCannotConnectWithIt() throws Exception {
        ClusterKey key = ClusterKey.random();
        try (Controller controller = Controller.start(ControllerConfig.builder(key).clusterId("roles").build());
             Engine engine = Engine.start(EngineConfig.of(controller.engineConnectionInfo()).withEngineId(0));
             Client client = Client.connect(controller.connectionInfo())) {
            ConnectionInfo engines = controller.engineConnectionInfo();
            assertThat(engines.key()).isNotEqualTo(key);
            assertThat(client.waitForEngines(1, Duration.ofSeconds(30))).containsExactly(0);
            assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);

            assertThatThrownBy(() -> Client.connect(engines).close()).isInstanceOf(IOException.class)
                    .hasMessageContaining("signed with the engines' key");
            assertThatThrownBy(() -> Client.connect(engines.withKey(ClusterKey.random())).close())
                    .isInstanceOf(IOException.class);
            assertThat(client.direct(0).apply(() -> "still serving")).containsExactly("still serving");
        }
    }
}
