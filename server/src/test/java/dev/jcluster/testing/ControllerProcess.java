package dev.jcluster.testing;

import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A controller in its own JVM, with a task store in {@code dir}, so that a test can kill it with
 * SIGKILL and start another from what the first left; {@link #close()} kills every one it started.
 */
public final class ControllerProcess implements AutoCloseable {
    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private Process current;

    public ControllerProcess(Path dir) {
        this.dir = dir;
    }

    public Path connectionFile() {
        return dir.resolve("connection.properties");
    }

    /** Starts a controller (restoring from the store when asked) and waits until it has written its connection file. */
    public ConnectionInfo start(boolean restore) throws IOException {
        return start(restore, List.of());
    }

    /** As above, with options for its JVM (a small heap, say) and more arguments for the controller. */
    public ConnectionInfo start(boolean restore, List<String> jvmOptions, String... args) throws IOException {
        long before = Files.exists(connectionFile()) ? ConnectionInfo.read(connectionFile()).controllerPid() : -1;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", EngineProcesses.engineClassPath(), "dev.jcluster.controller.ControllerMain",
                "--connection-file", connectionFile().toString(), "--cluster-id", "chaos",
                "--store", dir.resolve("store.mv").toString()));
        if (restore) {
            cmd.addAll(List.of("--restore", "true"));
        }
        cmd.addAll(List.of(args));
        Path log = dir.resolve("controller-" + started.size() + ".log");
        current = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(current);
        long pid = current.pid();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!current.isAlive()) {
                throw new IllegalStateException("the controller exited: " + Files.readString(log));
            }
            return Files.exists(connectionFile()) && ConnectionInfo.read(connectionFile()).controllerPid() == pid
                    && ConnectionInfo.read(connectionFile()).controllerPid() != before;
        });
        return ConnectionInfo.read(connectionFile());
    }

    public long pid() {
        return current.pid();
    }

    /** SIGKILL: no goodbye, nothing flushed, nothing closed. */
    public void kill() throws InterruptedException {
        current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        EngineProcesses.stopAll(started);
    }
}
