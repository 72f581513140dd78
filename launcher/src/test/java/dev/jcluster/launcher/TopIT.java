package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Monitoring as a user does it: `top` in a real terminal (tmux), `tasks`, `task ID`, `run --stream`. */
class TopIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;
    String session;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
        session = "jcluster-top-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        assertThat(jcluster.run("start", "-n", "2", "-d").exitCode()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux("kill-session", "-t", session);
        jcluster.run("stop", "--all");
        assertThat(jcluster.killLeftovers()).as("processes left running").isEmpty();
    }

    private static String tmux(String... args) throws Exception {
        Process p = new ProcessBuilder(concat("tmux", args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session);
    }

    @Test
    void topRendersUpdatesSortsAndQuitsRestoringTheTerminal() throws Exception {
        Path sttyAfter = tmp.resolve("work/stty-after.txt");
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", tmp.resolve("work").toString(),
                "env JCLUSTER_HOME=" + jcluster.home() + " bash --norc --noprofile");
        tmux("send-keys", "-t", session, JclusterCommand.REPO.resolve("scripts/jcluster") + " top --interval 300ms", "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> screen().contains("jcluster top - local-default"));
        String first = screen();
        assertThat(first).contains("ID HOST").contains("idle").contains("[q] quit  [s] sort: id");
        assertThat(first.lines().filter(l -> l.matches("\\s+[01] .*")).count()).isEqualTo(2);

        // a task appears as it runs, then its engine's done count goes up
        var run = jcluster.builder("run", "--args", "1", "--output", "out", "--", "sleep", "2").start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> screen().contains("busy"));
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> screen().contains("tasks 1 done"));

        tmux("send-keys", "-t", session, "s");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("sort: cpu"));
        tmux("send-keys", "-t", session, "f");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("filter: busy"));

        tmux("send-keys", "-t", session, "q");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !screen().contains("jcluster top - "));
        tmux("send-keys", "-t", session, "stty -a > " + sttyAfter, "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sttyAfter)
                && Files.readString(sttyAfter).contains("icanon"));
        String modes = Files.readString(sttyAfter);
        assertThat(modes).containsPattern("(^|\\s)icanon").containsPattern("(^|\\s)echo(\\s|$)");
        assertThat(screen()).contains(JclusterCommand.REPO.resolve("scripts/jcluster") + " top");
    }

    @Test
    void onceJsonTasksAndTheStackTraceOfAFailedTask() throws Exception {
        var failing = jcluster.run("exec", "--targets", "1", "throw new IllegalArgumentException(\"bad input 42\")");
        assertThat(failing.exitCode()).isEqualTo(1);

        var once = jcluster.run("top", "--once");
        assertThat(once.exitCode()).isZero();
        assertThat(once.out()).contains("jcluster top - local-default").contains("recent failures:")
                .contains("java.lang.IllegalArgumentException: bad input 42").doesNotContain("\u001b[");
        var piped = jcluster.run("top");
        assertThat(piped.out()).as("no terminal: one plain frame").contains("jcluster top - ").doesNotContain("\u001b[");

        JsonNode top = new ObjectMapper().readTree(jcluster.run("top", "--json").out());
        assertThat(top.get("status").get("engines")).hasSize(2);
        assertThat(top.get("recentFailures").get(0).get("errorClass").asText())
                .isEqualTo("java.lang.IllegalArgumentException");

        JsonNode failed = new ObjectMapper().readTree(jcluster.run("tasks", "--failed", "--json").out());
        assertThat(failed).hasSize(1);
        long id = failed.get(0).get("id").asLong();
        var task = jcluster.run("task", Long.toString(id));
        assertThat(task.exitCode()).isZero();
        assertThat(task.out()).contains("task " + id + " (code): failed")
                .contains("engine:    1 on")
                .contains("attempt 1: engine 1")
                .contains("remote stack trace:")
                .contains("java.lang.IllegalArgumentException: bad input 42");
        assertThat(jcluster.run("task", "999999").exitCode()).isEqualTo(1);
        assertThat(jcluster.run("tasks", "--engine", "0").out()).doesNotContain("bad input 42");
    }

    @Test
    void runStreamPrintsLinesAsTheyComeWithTaskAndEngine() throws Exception {
        var r = jcluster.run("run", "--stream", "--args", "1..4", "--output", "out", "--", "sh", "-c",
                "echo line-{}; echo problem-{} >&2");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().filter(l -> l.startsWith("[task ")).toList();
        assertThat(lines).hasSize(4).allMatch(l -> l.matches("\\[task (\\d) engine [01]\\] line-\\1"));
        assertThat(r.err().lines().filter(l -> l.matches("\\[task \\d engine [01]\\] problem-\\d"))).hasSize(4);
    }
}
