package dev.jcluster.launcher.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.BackendOptions;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.MpiOptions;
import dev.jcluster.backends.spi.SshOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster's folder, $JCLUSTER_HOME/clusters/PROFILE-ID: the connection file (0600), what the
 * cluster is (cluster.json), everything its backends launched (processes.jsonl, appended as each
 * launch happens, so a crash half way through a start leaves nothing unrecorded), and its logs.
 */
public final class ClusterDir {
    /** Tolerant of fields it does not know: a newer jcluster may have written them. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path path;

    ClusterDir(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public String name() {
        return path.getFileName().toString();
    }

    /** $JCLUSTER_HOME/cache, shared by all clusters (see {@link JClusterHome#cacheDir()}). */
    public Path cacheDir() {
        return path.getParent().getParent().resolve(JClusterHome.CACHE);
    }

    /** For clients: holds the cluster key, which opens every role. */
    public Path connectionFile() {
        return path.resolve("connection.properties");
    }

    /** For engines, and staged to their hosts: holds the engines' key, which opens no client session. */
    public Path engineConnectionFile() {
        return path.resolve("engine-connection.properties");
    }

    /** The controller's task store (controller.store): what a restored controller starts from. */
    public Path storeFile() {
        return path.resolve("store.mv");
    }

    public Path logDir() {
        return path.resolve("logs");
    }

    public Path controllerLog() {
        return logDir().resolve("controller.log");
    }

    public Path engineLog(int index) {
        return logDir().resolve("engine-" + index + ".log");
    }

    Path infoFile() {
        return path.resolve("cluster.json");
    }

    Path processesFile() {
        return path.resolve("processes.jsonl");
    }

    /** Creates the folder readable only by its owner, since it will hold the key. */
    public void create() throws IOException {
        Files.createDirectories(path.getParent());
        if (!Files.exists(path)) {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(logDir());
    }

    /** What watching and stopping this cluster's processes needs from its profile (SSH keys, hosts), kept with it. */
    record WatchOptions(MpiOptions mpi, SshOptions ssh) {
    }

    Path optionsFile() {
        return path.resolve("backend-options.json");
    }

    public void writeBackendOptions(BackendOptions options) throws IOException {
        writeJson(optionsFile(), new WatchOptions(options.mpi(), options.ssh()));
    }

    /** The backends as this cluster was started with them: `stop` from another terminal must log in where start did. */
    public Backends configure(Backends backends) {
        if (!Files.exists(optionsFile())) {
            return backends;
        }
        try {
            WatchOptions w = JSON.readValue(optionsFile().toFile(), WatchOptions.class);
            return backends.withOptions(new BackendOptions(JobOptions.DEFAULTS, w.mpi(), w.ssh()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + optionsFile(), e);
        }
    }

    public ClusterInfo info() throws IOException {
        return JSON.readValue(infoFile().toFile(), ClusterInfo.class);
    }

    public boolean hasInfo() {
        return Files.exists(infoFile());
    }

    public void writeInfo(ClusterInfo info) throws IOException {
        writeJson(infoFile(), info);
    }

    /** Written beside, then moved over: a reader in another terminal sees the old file or the new one. */
    private static void writeJson(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends one launch record and forces it to disk before the launch is used. */
    public synchronized void record(Launched launched) {
        try {
            String line = JSON.writeValueAsString(launched) + "\n";
            Files.writeString(processesFile(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + launched.role() + " in " + processesFile(), e);
        }
    }

    public List<Launched> launched() throws IOException {
        List<Launched> out = new ArrayList<>();
        if (!Files.exists(processesFile())) {
            return out;
        }
        for (String line : Files.readAllLines(processesFile(), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readValue(line, Launched.class));
            }
        }
        return out;
    }

    /** Starts a new record of processes (a restart of the same cluster id). */
    public void resetLaunched() throws IOException {
        Files.deleteIfExists(processesFile());
    }
}
