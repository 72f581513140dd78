package dev.jcluster.bench;

import dev.jcluster.client.Client;
import dev.jcluster.internal.HugePages;
import dev.jcluster.launcher.launch.ClassArchive;
import dev.jcluster.launcher.launch.LaunchException;
import dev.jcluster.launcher.launch.TlsFiles;
import dev.jcluster.launcher.state.JClusterHome;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of separate JVMs for benchmarks, as `jcluster start` makes it (controller process,
 * engine processes), with production JVM flags (the local profile's, and huge pages where the launcher asks for them). Kills exactly the processes it started.
 */
final class BenchCluster implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final String classPath = System.getProperty("java.class.path");
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /**
     * The jars of the bench's class path, for controller and engines: engines load the bench's own
     * classes from the client, as users' engines do, and a class archive takes jars only.
     */
    private final List<String> jars = Arrays.stream(classPath.split(File.pathSeparator))
            .filter(e -> e.endsWith(".jar")).toList();
    private final String jarClassPath = String.join(File.pathSeparator, jars);
    private final Path cache = JClusterHome.fromEnvironment(System.getenv()).cacheDir();
    private final ClassArchive engineArchive = ClassArchive.of(cache, "engine", jars);
    private final ClassArchive controllerArchive = ClassArchive.of(cache, "controller", jars);

    BenchCluster(Path dir) {
        this.dir = dir;
    }

    private String archiveTag() {
        return "bench-" + dir.getFileName();
    }

    Path connectionFile() {
        return dir.resolve("connection.properties");
    }

    void startController(int maxOutstanding) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(HugePages.requestedWith(List.of(java, "-Xmx1g")));
        String extra = System.getProperty("bench.controllerJvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));  // e.g. a flight recording while profiling
        }
        cmd.addAll(controllerArchive.jvmOptions(archiveTag(), true));
        cmd.addAll(List.of("-cp", jarClassPath, "dev.jcluster.controller.ControllerMain", "--connection-file", connectionFile().toString(),
                "--cluster-id", "bench", "--max-outstanding", Integer.toString(maxOutstanding)));
        if (Boolean.getBoolean("bench.tls")) {
            // as `jcluster start` runs a controller bound beyond loopback (controller.tls on)
            try {
                TlsFiles.generate(dir, "bench");
            } catch (LaunchException e) {
                throw new IOException(e.getMessage(), e);
            }
            cmd.addAll(List.of("--tls-keystore", TlsFiles.keystore(dir).toString(),
                    "--tls-password-file", TlsFiles.password(dir).toString()));
        }
        if (!"false".equals(System.getProperty("bench.store"))) {
            // as `jcluster start` runs it (controller.store: true): every task and result recorded
            cmd.addAll(List.of("--store", dir.resolve("store.mv").toString()));
        }
        start("controller", cmd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(connectionFile())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("controller did not start; see " + dir.resolve("controller.log"));
            }
            Thread.sleep(10);
        }
    }

    void startEngines(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            // the Vector API module, as the local profile gives engines
            List<String> cmd = new ArrayList<>(HugePages.requestedWith(List.of(java, "-Xmx4g",
                    "--add-modules=jdk.incubator.vector")));
            cmd.addAll(engineArchive.jvmOptions(archiveTag(), processes.size() == 1));
            String extra = System.getProperty("bench.engineJvm", "");
            if (!extra.isBlank()) {
                cmd.addAll(List.of(extra.replace("{n}", Integer.toString(processes.size())).trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", jarClassPath, "dev.jcluster.engine.EngineMain", "--connection-file",
                    connectionFile().toString()));
            start("engine-" + processes.size(), cmd);
        }
    }

    /** The controller's pid (it is the first process started). */
    long controllerPid() {
        return processes.get(0).pid();
    }

    Client client() throws IOException {
        return Client.connect(ConnectionInfo.read(connectionFile()));
    }

    private void start(String name, List<String> cmd) throws IOException {
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), name + ".log")).start());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        ClassArchive.adoptWritten(cache, archiveTag());
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
