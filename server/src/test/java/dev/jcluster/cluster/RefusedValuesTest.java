package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.server.InProcessCluster;
import java.time.Duration;
import java.util.Map;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

/** A value the deserialization filter refuses fails that one task or result, clearly; the cluster goes on. */
class RefusedValuesTest {
    @Test
    void anEngineRefusesAGadgetInATaskAndAClientInAResult() throws Exception {
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client c = inProcess.client()) {
            assertThatThrownBy(() -> c.direct(0).push(Map.of("bad", new BadAttributeValueExpException("x"))))
                    .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.remoteMessage())
                            .contains("refused by jcluster's deserialization filter"));
            assertThatThrownBy(() -> c.loadBalanced().apply(() -> new BadAttributeValueExpException("y")))
                    .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.remoteMessage())
                            .contains("cannot be decoded here", "refused by jcluster's deserialization filter"));
            assertThat(c.loadBalanced().applyAsync(() -> "still fine").get(Duration.ofSeconds(30)))
                    .isEqualTo("still fine");
        }
    }
}
