package dev.jcluster.launcher;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessIdentity;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the jcluster command as a user would (the checkout's scripts/jcluster, or an installed
 * bin/jcluster), with its own JCLUSTER_HOME, and finds every process the clusters under that home
 * launched, so tests can prove none is left.
 */
final class JclusterCommand {
    static final Path REPO = Path.of(System.getProperty("jcluster.repo", "..")).toAbsolutePath().normalize();
    private final Path command;
    private final Path home;
    private final Path work;
    private final Map<String, String> env = new HashMap<>();

    JclusterCommand(Path home, Path work) {
        this(REPO.resolve("scripts/jcluster"), home, work);
    }

    JclusterCommand(Path command, Path home, Path work) {
        this.command = command;
        this.home = home;
        this.work = work;
    }

    /** Puts {@code dir} first on the PATH of every later command (stand-in schedulers, Slurm's PBS wrappers). */
    JclusterCommand withPathFirst(Path dir) {
        env.put("PATH", dir + File.pathSeparator + System.getenv("PATH"));
        return this;
    }

    Map<String, String> env() {
        return env;
    }

    record Result(int exitCode, String out, String err) {
    }

    ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().put("JCLUSTER_HOME", home.toString());
        pb.environment().putAll(env);
        return pb;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** With {@code input} (null: none) as the command's standard input, as from a pipe. */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            Path in = Files.createTempFile(work, "in", ".txt");
            Files.writeString(in, input, StandardCharsets.UTF_8);
            pb.redirectInput(in.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("jcluster " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Writes a user profile under this home, as a person would with an editor. */
    void userProfile(String name, String yaml) throws IOException {
        Path profiles = home.resolve("profiles");
        Files.createDirectories(profiles);
        Files.writeString(profiles.resolve(name + ".yaml"), yaml);
    }

    /** Every process recorded under this home (any cluster), as launched. */
    List<Launched> launched() throws IOException {
        List<Launched> out = new ArrayList<>();
        Path clusters = home.resolve("clusters");
        if (!Files.isDirectory(clusters)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (Stream<Path> s = Files.walk(clusters, 2)) {
            for (Path f : s.filter(p -> p.getFileName().toString().equals("processes.jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(json.readValue(line, Launched.class));
                    }
                }
            }
        }
        return out;
    }

    /** The cluster's own processes and jobs, without the supervisor that watches them. */
    List<Launched> clusterProcesses() throws IOException {
        return launched().stream().filter(l -> !l.role().equals("supervisor")).toList();
    }

    /**
     * Local processes still alive (batch jobs are the scheduler's to answer for), supervisors first:
     * killed in this order, no supervisor is left to restore a controller killed before it.
     */
    List<Launched> alive() throws IOException {
        return launched().stream().filter(l -> l.backend().equals("local"))
                .filter(l -> ProcessIdentity.find(l.pid(), l.startedAtMillis()).isPresent())
                .sorted(Comparator.comparing(l -> !l.role().equals("supervisor"))).toList();
    }

    /** Kills, by pid and start time, whatever the tests' clusters left alive. Returns what it had to kill. */
    List<Launched> killLeftovers() throws IOException {
        List<Launched> left = alive();
        for (Launched l : left) {
            ProcessIdentity.find(l.pid(), l.startedAtMillis()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);  // an engine's JVM in its restart loop
                h.destroyForcibly();
                ProcessIdentity.awaitGone(h, Duration.ofSeconds(10));
            });
        }
        return left;
    }

    Path home() {
        return home;
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
