package dev.jcluster.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBackendTest {
    @TempDir
    Path dir;
    private final Backend backend = Backends.discover().create("local");
    private final List<Launched> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Launched l : started) {
            backend.stop(l, Duration.ofSeconds(1));
        }
    }

    private ProcessSpec spec(String role, String script) {
        return new ProcessSpec(role, List.of("sh", "-c", script), dir, Map.of("JC_X", "42"), dir.resolve(role + ".log"));
    }

    @Test
    void startsRecordsWatchesAndStopsProcesses() throws Exception {
        List<Launched> recorded = new ArrayList<>();
        List<Launched> launched = backend.start(List.of(spec("engine-0", "echo $JC_X; exec sleep 60"),
                spec("engine-1", "exec sleep 60")), recorded::add);
        started.addAll(launched);
        assertThat(recorded).isEqualTo(launched);
        assertThat(launched).allSatisfy(l -> assertThat(backend.state(l)).isEqualTo(State.RUNNING));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(dir.resolve("engine-0.log")).equals("42\n"));

        backend.stop(launched.get(0), Duration.ofSeconds(5));
        assertThat(backend.state(launched.get(0))).isEqualTo(State.MISSING);
        assertThat(ProcessHandle.of(launched.get(0).pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(backend.state(launched.get(1))).isEqualTo(State.RUNNING);
    }

    @Test
    void aProcessThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        Launched l = backend.start(List.of(spec("stubborn", "trap '' TERM; while :; do sleep 1; done")),
                x -> { }).get(0);
        started.add(l);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backend.state(l) == State.RUNNING);
        backend.stop(l, Duration.ofMillis(500));
        assertThat(backend.state(l)).isEqualTo(State.MISSING);
    }

    @Test
    void aReusedPidIsNotMistakenForOurProcess() throws Exception {
        Launched real = backend.start(List.of(spec("engine-0", "exec sleep 60")), x -> { }).get(0);
        started.add(real);
        Launched impostor = new Launched(real.role(), real.backend(), real.id(), real.startedAtMillis() - 60_000,
                real.host(), real.logFile());
        assertThat(backend.state(impostor)).isEqualTo(State.MISSING);
        backend.stop(impostor, Duration.ofSeconds(1));
        assertThat(backend.state(real)).as("stopping the impostor must not touch the real process")
                .isEqualTo(State.RUNNING);
    }

    @Test
    void unknownBackendNamesTheKnownOnes() {
        assertThatThrownBy(() -> Backends.discover().create("slrum"))
                .hasMessageStartingWith("unknown backend 'slrum'; known: ").hasMessageContainingAll("local", "slurm", "sge", "pbs");
    }

    @Test
    void describeShowsTheCommandAsShellText() {
        String text = backend.describe(List.of(spec("engine-0", "echo 'hi there'")));
        assertThat(text).contains("JC_X=42").contains("sh -c 'echo '\\''hi there'\\'''");
    }
}
