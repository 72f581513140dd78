package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import dev.jcluster.testing.LoopbackProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that was away while its 1 MiB result arrived, and while the controller died and was
 * restored from its store, gets that result when it comes back: in the first reads after the
 * welcome, where frames were once held to the 64 KiB limit of peers that have not said hello.
 */
class UntakenResultAfterRestoreTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;

    static byte[] pattern() {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void aClientAwayDuringItsResultAndARestoreGetsItsOneMebibyteResultWhenItReturns() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            ConnectionInfo first = controller.start(false);
            engines.start(controller.connectionFile(), "--reconnect-deadline-ms", "120000");
            try (LoopbackProxy door = new LoopbackProxy(() -> currentAddress(controller), Long.MAX_VALUE)) {
                Path viaDoor = door.connectionFile(first, dir.resolve("via-door.properties"));
                try (Client away = Client.connect(viaDoor);
                     Client watcher = Client.connect(controller.connectionFile())) {
                    away.waitForEngines(1, Duration.ofSeconds(60));
                    // the engine loads this class from the client now: it cannot while the client is away
                    assertThat(away.direct(0).apply(() -> pattern().length)).containsExactly(SIZE);
                    AsyncResult<List<byte[]>> result = away.direct(0).applyAsync(() -> {
                        Thread.sleep(1000);
                        return pattern();
                    });
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                            .until(() -> watcher.status().submitted() >= 1);
                    door.shut();
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                            .until(() -> watcher.status().untaken() == 1);

                    controller.kill();
                    controller.start(true);
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .ignoreExceptions().until(() -> watcher.status().untaken() == 1);
                    assertThat(result.isDone()).as("no result while the client is away").isFalse();

                    door.open();
                    assertThat(result.get(Duration.ofSeconds(60))).singleElement()
                            .satisfies(bytes -> assertThat(bytes).isEqualTo(pattern()));
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                            .until(() -> watcher.status().untaken() == 0);
                }
            }
        }
    }

    private static InetSocketAddress currentAddress(ControllerProcess controller) {
        try {
            return ConnectionInfo.read(controller.connectionFile()).addresses().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
