package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class CompilerPriorityTest {
    @Test
    void findsTheC1AndC2CompilerThreadsOnly(@TempDir Path tasks) throws IOException {
        thread(tasks, "101", "C2 CompilerThre\n");
        thread(tasks, "102", "C1 CompilerThre\n");
        thread(tasks, "103", "jcluster-contro\n");
        thread(tasks, "104", "C2 Compiler\n");
        thread(tasks, "105", "GC Thread#0\n");
        assertThat(CompilerPriority.compilerThreads(tasks)).containsExactlyInAnyOrder("101", "102");
        assertThat(CompilerPriority.compilerThreads(tasks.resolve("missing"))).isEmpty();
    }

    @Test
    void aReniceThatFailsLeavesThePriorityAndDoesNotThrow(@TempDir Path tasks) throws IOException {
        thread(tasks, "2147483646", "C2 CompilerThre\n");  // no such thread: renice exits 1
        assertThatCode(() -> CompilerPriority.lower(tasks)).doesNotThrowAnyException();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void lowersAnotherJvmsCompilerThreadsAndLeavesItsOtherThreadsAlone() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Idle.class.getName()).start();
        try {
            Path tasks = Path.of("/proc", Long.toString(jvm.pid()), "task");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jvm.getInputStream().read() == 'r');
            List<String> compilers = CompilerPriority.compilerThreads(tasks);
            assertThat(compilers).isNotEmpty();

            CompilerPriority.lower(tasks);

            for (String id : compilers) {
                assertThat(nice(tasks.resolve(id))).as("compiler thread %s", id).isEqualTo(CompilerPriority.NICE);
            }
            assertThat(nice(tasks.resolve(Long.toString(jvm.pid())))).as("main thread").isZero();
        } finally {
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void thread(Path tasks, String id, String comm) throws IOException {
        Files.createDirectories(tasks.resolve(id));
        Files.writeString(tasks.resolve(id).resolve("comm"), comm);
    }

    /** Field 19 of /proc/PID/task/TID/stat, counted past the command name in parentheses. */
    private static int nice(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** A JVM that says it is ready and waits to be stopped. */
    static final class Idle {
        public static void main(String[] args) throws Exception {
            System.out.print('r');
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
