package dev.jcluster.backends.ssh;

import dev.jcluster.backends.local.LocalBackend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessIdentity;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.SshOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * For engines that cannot reach the controller: one local {@link TunnelMain} process per host,
 * recorded like any process of the cluster, and a copy of the connection file for that host that
 * points at the tunnel's end on its loopback.
 */
final class Tunnels {
    private static final long WAIT_NANOS = 30_000_000_000L;

    private final SshOptions options;
    private final LocalBackend local = new LocalBackend();

    Tunnels(SshOptions options) {
        this.options = options;
    }

    /** Opens the tunnel to {@code target}; returns the connection file its engines should use. */
    Path open(SshTarget target, Path connectionFile, Consumer<Launched> recorder) throws BackendException {
        Properties props = read(connectionFile);
        String controller = props.getProperty("addresses", "").split(",")[0].trim().replace("\\", "");
        String pid = props.getProperty("controller.pid", "0");
        Path dir = connectionFile.getParent();
        String name = target.host().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + target.port();
        Path portFile = dir.resolve("tunnel-" + name + ".port");
        Path log = dir.resolve("logs").resolve("tunnel-" + name + ".log");
        try {
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            throw new BackendException("cannot reset " + portFile + ": " + e.getMessage(), e);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), TunnelMain.class.getName(),
                target.toString(), controller, pid, portFile.toString(), dash(options.identityFile()),
                dash(options.knownHosts()), options.hostKeyChecking(), dash(options.configFile())));
        Launched tunnel = local.launch(new ProcessSpec("tunnel-" + name, cmd, dir, Map.of(), log), "local", 1);
        recorder.accept(tunnel);
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!Files.exists(portFile)) {
            boolean alive = ProcessIdentity.find(tunnel.pid(), tunnel.startedAtMillis()).isPresent();
            if (!alive || System.nanoTime() > deadline) {
                throw new BackendException("ssh " + target + ": the tunnel to the controller "
                        + (alive ? "did not open within 30 s" : "failed") + "; see " + log + tail(log));
            }
            pause();
        }
        try {
            props.setProperty("addresses", "127.0.0.1:" + Files.readString(portFile).trim());
        } catch (IOException e) {
            throw new BackendException("cannot read " + portFile + ": " + e.getMessage(), e);
        }
        Path copy = dir.resolve("connection-via-" + name + ".properties");
        write(props, copy);
        return copy;
    }

    private static Properties read(Path f) throws BackendException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
            return p;
        } catch (IOException e) {
            throw new BackendException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static void write(Properties p, Path f) throws BackendException {
        try {
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(f)) {
                p.store(w, "jcluster connection file for engines behind an SSH tunnel: keep it secret");
            }
        } catch (IOException e) {
            throw new BackendException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return ":\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String dash(String s) {
        return s.isBlank() ? "-" : s;
    }

    private static void pause() throws BackendException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while opening a tunnel");
        }
    }
}
