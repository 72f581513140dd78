package dev.jcluster.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.protocol.DataRoute;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An engine found out of reach keeps the controller's route for a while, then a link is tried again. */
class DataRoutesTest {
    private final AtomicInteger asked = new AtomicInteger();

    private DataRoutes routes(Duration retryUnreachable) {
        return new DataRoutes("client", new byte[32], engineId -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new DataRoute(engineId, "", "engine 3 has no data port"));
        }, retryUnreachable);
    }

    @Test
    void anUnreachableEngineIsNotAskedAboutAgainWithinTheRetryPeriod() throws Exception {
        try (DataRoutes r = routes(Duration.ofHours(1))) {
            DataRoutes.Route first = r.prepare(3).get(10, TimeUnit.SECONDS);
            assertThat(first.usable()).isFalse();
            assertThat(first.unavailable()).contains("no data port");
            assertThat(r.prepare(3).get(10, TimeUnit.SECONDS)).isSameAs(first);
            assertThat(asked).as("route requests sent").hasValue(1);
        }
    }

    @Test
    void anUnreachableEngineIsAskedAboutAgainOnceTheRetryPeriodIsOver() throws Exception {
        try (DataRoutes r = routes(Duration.ZERO)) {
            r.prepare(3).get(10, TimeUnit.SECONDS);
            r.prepare(3).get(10, TimeUnit.SECONDS);
            assertThat(asked).as("route requests sent").hasValue(2);
        }
    }
}
