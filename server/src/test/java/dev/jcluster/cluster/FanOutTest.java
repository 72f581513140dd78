package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.Ref;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.testing.LoopbackProxy;
import dev.jcluster.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value pushed to many engines leaves the client once; the controller gives every engine its copy. */
class FanOutTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aMapsFunctionLeavesTheClientOnceWhateverItCaptures() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 2)) {
            ConnectionInfo real = ConnectionInfo.read(cluster.connectionFile());
            try (LoopbackProxy counter = new LoopbackProxy(() -> real.addresses().get(0), Long.MAX_VALUE)) {
                Path viaCounter = counter.connectionFile(real, dir.resolve("counted.properties"));
                try (Client client = Client.connect(viaCounter)) {
                    client.waitForEngines(2, Duration.ofSeconds(60));
                    byte[] captured = new byte[MIB];
                    captured[7] = 9;
                    List<Integer> inputs = IntStream.range(0, 40).boxed().toList();
                    long before = counter.fromClients();
                    List<Integer> out = client.loadBalanced().withOptions(TaskOptions.DEFAULTS.withChunkSize(1))
                            .map(x -> x + captured[7], inputs);
                    long sent = counter.fromClients() - before;
                    assertThat(out).containsExactlyElementsOf(inputs.stream().map(x -> x + 9).toList());
                    assertThat(sent).as("bytes the client sent for 40 tasks of a function capturing 1 MiB")
                            .isBetween((long) MIB, 2L * MIB);
                }
            }
        }
    }

    @Test
    void aPushToThreeEnginesLeavesTheClientOnceAndEveryEngineHasIt() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            ConnectionInfo real = ConnectionInfo.read(cluster.connectionFile());
            try (LoopbackProxy counter = new LoopbackProxy(() -> real.addresses().get(0), Long.MAX_VALUE)) {
                Path viaCounter = counter.connectionFile(real, dir.resolve("counted.properties"));
                try (Client client = Client.connect(viaCounter)) {
                    client.waitForEngines(3, Duration.ofSeconds(60));
                    byte[] value = new byte[8 * MIB];
                    Arrays.fill(value, (byte) 7);
                    value[12_345] = 42;
                    long before = counter.fromClients();
                    Ref<byte[]> shared = client.direct().push("shared", value);
                    long sent = counter.fromClients() - before;
                    assertThat(sent).as("bytes the client sent for an 8 MiB push to 3 engines")
                            .isBetween(8L * MIB, 9L * MIB);

                    List<Integer> checks = client.direct().apply(() -> {
                        byte[] got = shared.get();
                        return got.length == 8 * MIB && got[12_345] == 42 ? got.length : -1;
                    });
                    assertThat(checks).containsExactly(8 * MIB, 8 * MIB, 8 * MIB);
                    assertThat(client.direct().execute("shared.length").stream().map(ExecuteResult::value))
                            .containsExactly("8388608", "8388608", "8388608");
                }
            }
        }
    }
}
