package dev.jcluster.testing;

import dev.jcluster.engine.RestartLoop;
import dev.jcluster.internal.HugePages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real engine JVMs for tests, started with the runtime's classes and dependencies only (no test
 * classes), logging to files; {@link #close()} kills each one it started, by its process handle.
 */
public final class EngineProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path logDir;

    public EngineProcesses(Path logDir) {
        this.logDir = logDir;
    }

    public static String engineClassPath() throws IOException {
        String deps = Files.readString(Path.of(System.getProperty("jcluster.engine.classpath.file"))).trim();
        return System.getProperty("jcluster.engine.classes") + File.pathSeparator + deps;
    }

    public Process start(Path connectionFile, String... extraArgs) throws IOException {
        return start(List.of(), connectionFile, extraArgs);
    }

    /** Started through {@code prefix} (e.g. `ip netns exec NAME`, which execs the JVM under the same pid). */
    public Process start(List<String> prefix, Path connectionFile, String... extraArgs) throws IOException {
        return start(prefix, Map.of(), connectionFile, extraArgs);
    }

    /** With extra environment variables, e.g. the ones a batch job script exports. */
    public Process start(List<String> prefix, Map<String, String> env, Path connectionFile,
                         String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(engineCommand(connectionFile, extraArgs));
        return launch(cmd, env);
    }

    /**
     * An engine inside the {@link RestartLoop} the launcher puts every engine in: the returned process
     * is the loop's shell, the engine JVM its child.
     */
    public Process startInRestartLoop(Path connectionFile, String... extraArgs) throws IOException {
        return launch(RestartLoop.around(engineCommand(connectionFile, extraArgs)), Map.of());
    }

    private static List<String> engineCommand(Path connectionFile, String... extraArgs) throws IOException {
        // as the launcher starts local engines: huge pages where the kernel gives them on request, and a
        // task's long loop does not hold up their heartbeats
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(HugePages.requestedWith(List.of("-Xshare:auto", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000")));
        cmd.addAll(List.of("-cp", engineClassPath(), "dev.jcluster.engine.EngineMain",
                "--connection-file", connectionFile.toString()));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }

    /** Output appended to the engine's log: a restarted engine writes on after its first life. */
    private Process launch(List<String> cmd, Map<String, String> env) throws IOException {
        Path log = logDir.resolve("engine-" + processes.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    public List<Process> processes() {
        return processes;
    }

    @Override
    public void close() throws InterruptedException {
        stopAll(processes);
    }

    /** SIGTERM to each, then SIGKILL to any still there after 5 s: only the processes a test started. */
    static void stopAll(List<Process> started) throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
