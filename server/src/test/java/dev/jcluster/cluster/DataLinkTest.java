package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.Ref;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large values go straight between client and engine on a data link, through memory both
 * processes map: a controller that relays nothing over 1 MiB still sees 64 MB pushed, pulled and
 * returned, and a task carrying 4 MiB run, intact, while small values take
 * its route as before; an engine without a data port gets large values through the controller, and
 * that controller's limit then applies.
 */
class DataLinkTest {
    private static final int SIZE = 64 << 20;
    private static final String ONE_MIB = String.valueOf(1 << 20);

    @TempDir
    Path dir;

    @Test
    void largeValuesGoStraightBetweenClientAndEngineBothWays() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false, List.of(), "--max-value-bytes", ONE_MIB);
            long enginePid = engines.start(controller.connectionFile()).pid();
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                DirectView engine = client.direct(0).withTimeout(Duration.ofMinutes(2));

                engine.push(Map.of("big", HugeValueTest.made(SIZE, 1), "small", 7));
                // this JVM may still map rings of earlier tests' links (the GC unmaps them): the engine's is among them
                Set<String> enginesRings = sharedRings(enginePid);
                assertThat(enginesRings).as("the engine, on one host with this client").hasSize(1);
                assertThat(sharedRings(ProcessHandle.current().pid())).as("this client").containsAll(enginesRings);
                byte[] pulled = engine.<byte[]>pull("big").get(0);
                assertThat(pulled.length).isEqualTo(SIZE);
                assertThat(HugeValueTest.firstWrong(pulled, 1)).as("first wrong byte of the pulled value").isEqualTo(-1);
                assertThat(engine.pull("small")).containsExactly(7);

                Ref<byte[]> big = Ref.to("big", byte[].class);
                byte[] result = engine.apply(() -> {
                    byte[] in = big.get();
                    for (int i = 0; i < in.length; i++) {
                        in[i] = (byte) (in[i] - HugeValueTest.at(i, 1) + HugeValueTest.at(i, 2));
                    }
                    return in;
                }).get(0);
                assertThat(HugeValueTest.firstWrong(result, 2)).as("first wrong byte of the task's result").isEqualTo(-1);

                byte[] captured = HugeValueTest.made(4 << 20, 5);
                assertThat(engine.apply(() -> HugeValueTest.firstWrong(captured, 5))).as("a task carrying 4 MiB")
                        .containsExactly(-1);
            }
        }
    }

    /** The data-link rings process {@code pid} has mapped (the file is gone by then: "(deleted)"). */
    private static Set<String> sharedRings(long pid) throws IOException {
        try (Stream<String> maps = Files.lines(Path.of("/proc/" + pid + "/maps"))) {
            return maps.filter(line -> line.contains("/jcluster-link-"))
                    .map(line -> line.substring(line.indexOf('/'))).collect(Collectors.toSet());
        }
    }

    @Test
    void anEngineWithoutADataPortTakesLargeValuesThroughTheController() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false, List.of(), "--max-value-bytes", ONE_MIB);
            engines.start(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Djcluster.data-links=false"),
                    controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                DirectView engine = client.direct(0).withTimeout(Duration.ofMinutes(2));
                byte[] value = HugeValueTest.made(4 << 20, 3);

                assertThatThrownBy(() -> engine.push(Map.of("big", value)))
                        .hasMessageContaining("over the controller's limit of 1,048,576 bytes");
                engine.push(Map.of("fits", HugeValueTest.made(512 << 10, 4)));
                assertThat(HugeValueTest.firstWrong(engine.<byte[]>pull("fits").get(0), 4)).isEqualTo(-1);
            }
        }
    }
}
