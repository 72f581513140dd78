package dev.jcluster.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.internal.Arrivals;
import dev.jcluster.internal.CipherWarmUp;
import dev.jcluster.internal.DataLink;
import dev.jcluster.protocol.DataRoute;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An engine found out of reach keeps the controller's route for a while, then a link is tried
 * again; a link that shares memory carries values of any size without this JVM's AES-GCM warm-up,
 * which does not even start.
 */
class DataRoutesTest {
    private static final byte[] LINK_KEY = new byte[32];
    private final AtomicInteger asked = new AtomicInteger();

    private DataRoutes routes(Duration retryUnreachable) {
        return new DataRoutes("client", LINK_KEY, engineId -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new DataRoute(engineId, "", "engine 3 has no data port"));
        }, retryUnreachable, new CipherWarmUp());
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

    @Test
    void aLinkThroughSharedMemoryIsUsedWhileTheCipherIsStillWarmingUp() throws Exception {
        CountDownLatch warm = new CountDownLatch(1);
        CountDownLatch began = new CountDownLatch(1);
        CipherWarmUp neverDone = new CipherWarmUp(() -> {
            began.countDown();
            try {
                warm.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (ServerSocket port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Arrivals atEngine = new Arrivals();
            CompletableFuture<DataLink> engine = CompletableFuture.supplyAsync(() -> {
                try {
                    return DataLink.accept(port.accept(), uuid -> LINK_KEY, atEngine.receiver(() -> 0, (l, e) -> { }));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String address = "127.0.0.1:" + port.getLocalPort();
            try (DataRoutes r = new DataRoutes("client", LINK_KEY,
                    engineId -> CompletableFuture.completedFuture(new DataRoute(engineId, address, "")),
                    Duration.ofHours(1), neverDone)) {
                DataRoutes.Route route = r.prepare(3).get(10, TimeUnit.SECONDS);
                assertThat(route.link().sharesMemory()).as(route.link().transport()).isTrue();
                assertThat(r.usable(3, 1_000_000)).isSameAs(route);
                assertThat(r.usable(3, CipherWarmUp.WAIT_FOR_BYTES)).as("a large value does not wait either").isSameAs(route);
                assertThat(began.await(500, TimeUnit.MILLISECONDS)).as("the warm-up ran, for a link that seals nothing")
                        .isFalse();
            } finally {
                warm.countDown();
                engine.get(10, TimeUnit.SECONDS).close();
            }
        }
    }
}
