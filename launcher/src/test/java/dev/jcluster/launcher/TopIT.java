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
        tmux("new-session", "-d", "-s", session, "-x", "60", "-y", "24", "-c", tmp.resolve("work").toString(),
                "env JCLUSTER_HOME=" + jcluster.home() + " bash --norc --noprofile");
        tmux("send-keys", "-t", session, JclusterCommand.REPO.resolve("scripts/jcluster") + " top --interval 300ms"
                + "; echo top-ended-$?", "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> screen().contains("jcluster top - local-default"));
        String first = screen();
        assertThat(first).contains("ID HOST").contains("idle").contains("[q] quit  [s] sort");
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

        // a wider window: the frame follows it (JLine's WINCH), columns cut at 60 come back
        String narrow = screen().lines().filter(l -> l.contains("ID HOST")).findFirst().orElseThrow();
        assertThat(narrow).doesNotContain("HEAP");
        tmux("resize-window", "-t", session, "-x", "160", "-y", "30");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> screen().lines()
                .anyMatch(l -> l.contains("ID HOST") && l.contains("HEAP")));

        // (tmux keeps some of the frame on the main screen after a resize in the alternate screen, as it does for less)
        tmux("send-keys", "-t", session, "q");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("top-ended-0"));
        tmux("send-keys", "-t", session, "stty -a > " + sttyAfter, "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sttyAfter)
                && Files.readString(sttyAfter).contains("icanon"));
        String modes = Files.readString(sttyAfter);
        assertThat(modes).containsPattern("(^|\\s)icanon").containsPattern("(^|\\s)echo(\\s|$)");
    }

    @Test
    void progressIsABarOnlyWhereStderrIsATerminalThatCanMoveTheCursor() throws Exception {
        Path work = tmp.resolve("work");
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", "-c", work.toString(),
                "env JCLUSTER_HOME=" + jcluster.home() + " bash --norc --noprofile");
        String run = JclusterCommand.REPO.resolve("scripts/jcluster") + " run --args 1..3 --output o -- sleep 1";

        // stdin and stdout a terminal, stderr a file: System.console() says "terminal", stderr is not one
        tmux("send-keys", "-t", session, run + " 2> err.txt; touch done-1", "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("done-1")));
        String err = Files.readString(work.resolve("err.txt"));
        assertThat(err).contains("tasks: 3/3").doesNotContain("\r").doesNotContain("[#");

        // stderr the terminal, stdout a file: the bar is drawn on the terminal
        tmux("send-keys", "-t", session, "clear; " + run + " > out.txt; touch done-2", "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("done-2")));
        assertThat(screen()).contains("] 3/3 tasks").doesNotContain("tasks: 3/3");

        // TERM=dumb: a terminal that cannot redraw a line gets plain lines
        tmux("send-keys", "-t", session, "clear; TERM=dumb " + run + " > out.txt; touch done-3", "Enter");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("done-3")));
        assertThat(screen()).contains("tasks: 3/3").doesNotContain("] 3/3 tasks");
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
