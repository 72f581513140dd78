package dev.jcluster.backends.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines go to hosts in profile order, each up to its count, and more of them where room is left. */
class SshPlacementTest {
    @TempDir
    Path tmp;

    @Test
    void newEnginesFillTheRoomTheRunningOnesLeave() throws Exception {
        Files.writeString(tmp.resolve("config"), "");
        SshOptions options = new SshOptions(List.of(new SshOptions.SshHost("a", 2, 0, "u"),
                new SshOptions.SshHost("b", 2, 0, "u")), "", 22, "", "", "strict", "missing", false, "", "",
                tmp.resolve("config").toString());
        SshBackend ssh = new SshBackend(options);

        assertThat(hosts(ssh.placement(specs(0, 3), List.of()))).containsExactly(Map.entry("u@a:22", 2),
                Map.entry("u@b:22", 1));
        List<Launched> running = List.of(engine(0, "u@a:22"), engine(1, "u@b:22"));
        assertThat(hosts(ssh.placement(specs(2, 2), running))).as("one free on each")
                .containsExactly(Map.entry("u@a:22", 1), Map.entry("u@b:22", 1));
        assertThatThrownBy(() -> ssh.placement(specs(2, 3), running)).isInstanceOf(BackendException.class)
                .hasMessageContaining("asked for 3 more engines but the profile's hosts take 4, 2 of them running");
    }

    private static Map<String, Integer> hosts(Map<SshTarget, List<ProcessSpec>> plan) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        plan.forEach((t, specs) -> out.put(t.toString(), specs.size()));
        return out;
    }

    private List<ProcessSpec> specs(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> new ProcessSpec("engine-" + i, List.of("java"),
                tmp, Map.of(), tmp.resolve("engine-" + i + ".log"))).toList();
    }

    private static Launched engine(int id, String host) {
        return new Launched("engine-" + id, "ssh", Integer.toString(1000 + id), 0, host, "engine.log", 1);
    }
}
