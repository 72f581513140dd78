package dev.jcluster.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this JVM's JIT compiler threads at the lowest priority (nice 19). The controller shares
 * the machine with engines that run users' tasks, and its compiler keeps working long after its
 * own code is fast enough, taking CPU the users' tasks wait for. At nice 19 it compiles when a
 * core has nothing else to do. HotSpot's later compiler threads are
 * started by a compiler thread and inherit its priority. Linux only (/proc and renice); elsewhere
 * nothing changes.
 */
final class CompilerPriority {
    private static final Logger log = LoggerFactory.getLogger(CompilerPriority.class);
    static final int NICE = 19;

    private CompilerPriority() {
    }

    /** On a thread of its own: the controller serves meanwhile, and renice is a process to start. */
    static void lowerInBackground() {
        Thread thread = new Thread(() -> lower(Path.of("/proc/self/task")), "jcluster-compiler-priority");
        thread.setDaemon(true);
        thread.start();
    }

    static void lower(Path tasks) {
        List<String> threads = compilerThreads(tasks);
        if (threads.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(NICE), "-p"));
        command.addAll(threads);
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
            // read to the end first: renice has exited once its output closes
            String out = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (renice.waitFor() != 0) {
                log.info("the JIT compiler threads keep their priority: {}", out);
            } else {
                log.debug("JIT compiler threads {} at nice {}", threads, NICE);
            }
        } catch (IOException e) {
            log.info("the JIT compiler threads keep their priority: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thread ids of the C1 and C2 compiler threads, from a /proc/PID/task folder; none when it is missing. */
    static List<String> compilerThreads(Path tasks) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) all::iterator) {
                if (isCompiler(task)) {
                    ids.add(task.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return ids;
    }

    private static boolean isCompiler(Path task) {
        try {
            // the kernel keeps 15 characters of "C2 CompilerThread0"
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).matches("C[12] CompilerThre.*\\s*");
        } catch (IOException threadEnded) {
            return false;
        }
    }
}
