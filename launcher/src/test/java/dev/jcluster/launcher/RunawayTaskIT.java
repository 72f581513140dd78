package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.spi.Launched;
import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TaskOptions;
import dev.jcluster.protocol.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runaway tasks on a cluster the installed command started: `jcluster run --timeout` ends a
 * command that spins, and a Java task that ignores its interrupt restarts its engine, which its
 * restart loop brings back under the same id. Nothing is left running after `stop`.
 */
class RunawayTaskIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final InstalledCommand installed = new InstalledCommand();

    /** Counts until the long overflows, centuries from now; never looks at its interrupt flag. */
    static long spin() {
        long n = 0;
        while (n >= 0) {
            n++;
        }
        return n;
    }

    @Test
    void runawayTasksAreStoppedAndTheirEngineComesBackUnderItsId() throws Exception {
        JclusterCommand jcluster = installed.jcluster();
        Path tmp = installed.tmp();
        jcluster.userProfile("quick", "timeouts:\n  task-stop-grace: 1s\n");
        var start = jcluster.run("start", "--profile", "quick", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();

        var run = jcluster.run("run", "--profile", "quick", "--timeout", "1s", "--args", "1..2", "--output", "spun",
                "--", "sh", "-c", "while :; do :; done");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("2 task(s) failed").contains("TimeoutException: timed out after 1000 ms");

        // an argument inside `sh -c` is one quoted word: its ; and $(...) stay data
        Path marker = tmp.resolve("injected");
        Path inputs = tmp.resolve("work/inputs.txt");
        Files.writeString(inputs, "a b; touch " + marker + " $(touch " + marker + ")\n");
        var quoted = jcluster.run("run", "--profile", "quick", "--args-file", inputs.toString(), "--output", "quoted",
                "--", "sh", "-c", "printf '%s|' {}");
        assertThat(quoted.exitCode()).as(quoted.err()).isZero();
        assertThat(Files.readString(tmp.resolve("work/quoted/task-1.out")))
                .isEqualTo("a b; touch " + marker + " $(touch " + marker + ")|");
        assertThat(marker).doesNotExist();

        Path connection = jcluster.home().resolve("clusters/quick-default/connection.properties");
        List<Long> firstPids;
        try (Client c = Client.connect(connection)) {
            firstPids = enginePids(c);
            assertThatThrownBy(() -> c.loadBalanced().withOptions(TaskOptions.DEFAULTS.withTimeout(Duration.ofSeconds(1)))
                    .applyAsync(RunawayTaskIT::spin).get(WAIT)).isInstanceOfSatisfying(RemoteException.class, e -> {
                        assertThat(e.remoteClassName()).isEqualTo(TimeoutException.class.getName());
                        assertThat(e.remoteMessage()).contains("restarted to stop it");
                    });
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(c.status().engines()).filteredOn(e -> e.state().live()).extracting(EngineInfo::id)
                        .containsExactlyInAnyOrder(0, 1);
                assertThat(enginePids(c)).hasSize(2).isNotEqualTo(firstPids);
            });
            assertThat(c.direct(0, 1).apply(() -> 6 * 7)).containsExactly(42, 42);
        }
        List<Long> pids;
        try (Client c = Client.connect(connection)) {
            pids = enginePids(c);
        }

        var stop = jcluster.run("stop", "--profile", "quick");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
        assertThat(pids).as("engine JVMs (children of their restart loops) outlive no stop")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(jcluster.launched()).extracting(Launched::role).contains("engine-0", "engine-1");
    }

    private static List<Long> enginePids(Client c) throws Exception {
        return c.status().engines().stream().filter(e -> e.state().live()).map(EngineInfo::pid).sorted().toList();
    }
}
