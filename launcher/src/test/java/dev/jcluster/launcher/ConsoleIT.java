package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `jcluster console` through the installed command, its snippets from a pipe as a script would send them. */
class ConsoleIT {
    @RegisterExtension
    final InstalledCommand installed = new InstalledCommand();

    @Test
    void snippetsRunOnTheTargetsWithStateAndTimeoutsAndCommandsChangeWhere() throws Exception {
        JclusterCommand jcluster = installed.jcluster();
        var start = jcluster.run("start", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();

        var console = jcluster.runWithInput(String.join("\n",
                "int base = 20;",
                "base + 22",
                "for (int i = 0; i < 2; i++) {",
                "    System.out.println(\"line \" + i);",
                "}",
                "/targets 1",
                "base * 2",
                "/targets 7",
                "/timeout 1s",
                "long n = 0; while (n >= 0) { n++; }",
                "/targets all",
                "/engines",
                ""), "console");
        assertThat(console.out()).contains("[engine 0] => 42", "[engine 1] => 42",
                "[engine 0] line 1", "[engine 1] line 1", "snippets go to engines [1]", "[engine 1] => 40",
                "no engine [7] (engines: [0, 1])", "snippets stop after 1 s",
                "[engine 1] error: java.util.concurrent.TimeoutException: timed out after 1000 ms",
                "snippets go to every engine", "engine 0 on ", "names this session declared: base, i, n");
        assertThat(console.out()).doesNotContain("[engine 0] => 40").doesNotContain("[engine 0] error");
        assertThat(console.exitCode()).as("the last snippet failed").isEqualTo(1);
        assertThat(Files.readString(jcluster.home().resolve("console_history"))).contains("base + 22");

        var again = jcluster.runWithInput("base\n", "console", "--targets", "0");
        assertThat(again.out().strip()).as("one connection, but the engines keep their state").isEqualTo("[engine 0] => 20");
        assertThat(again.exitCode()).isZero();
        assertThat(jcluster.run("console", "--help").out()).contains("/targets 0,2", "Examples:");

        assertThat(jcluster.run("stop").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }
}
