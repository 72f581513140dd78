package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.Ref;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value far larger than the controller's heap goes through it both ways: the controller writes
 * large frames to its spool as they arrive and sends them on from there, so its memory does not
 * depend on a value's size.
 */
class HugeValueTest {
    private static final int SIZE = 1536 << 20;

    @TempDir
    Path dir;

    /** Byte {@code i} of a value made with {@code seed}: not constant, so a shifted or torn copy shows. */
    static byte at(int i, int seed) {
        return (byte) (i * 31 + (i >>> 17) + seed);
    }

    static byte[] made(int seed) {
        return made(SIZE, seed);
    }

    static byte[] made(int size, int seed) {
        byte[] v = new byte[size];
        for (int i = 0; i < v.length; i++) {
            v[i] = at(i, seed);
        }
        return v;
    }

    static int firstWrong(byte[] v, int seed) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != at(i, seed)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aValueOfOneAndAHalfGibGoesBothWaysThroughAControllerOf128Mib() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false, List.of("-Xmx128m"));
            engines.start(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Xmx6g -Djcluster.data-links=false"), controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                DirectView engine = client.direct(0).withTimeout(Duration.ofMinutes(5));

                engine.push(Map.of("big", made(1)));
                byte[] pulled = engine.<byte[]>pull("big").get(0);
                assertThat(pulled.length).isEqualTo(SIZE);
                assertThat(firstWrong(pulled, 1)).as("first wrong byte of the pulled value").isEqualTo(-1);
                pulled = null;

                Ref<byte[]> big = Ref.to("big", byte[].class);
                byte[] result = engine.apply(() -> {
                    byte[] in = big.get();
                    for (int i = 0; i < in.length; i++) {
                        in[i] = (byte) (in[i] - at(i, 1) + at(i, 2));
                    }
                    return in;
                }).get(0);
                assertThat(result.length).isEqualTo(SIZE);
                assertThat(firstWrong(result, 2)).as("first wrong byte of the task's result").isEqualTo(-1);
                result = null;

                assertThat(ProcessHandle.of(controller.pid())).as("the controller is alive").isPresent();
                assertThat(engine.apply(() -> 6 * 7)).containsExactly(42);
            }
            try (var left = Files.list(dir.resolve("store.mv.spool"))) {
                assertThat(left).as("the spool keeps nothing").isEmpty();
            }
        }
    }
}
