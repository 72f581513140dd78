package dev.jcluster.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command the tests need besides jcluster (a scheduler's qstat, ssh, sbatch) to its end,
 * bounded in time, with its output (stdout and stderr together) kept in a file, never in a pipe
 * that a chatty command could fill.
 */
final class Commands {
    record Result(int exitCode, String output) {
    }

    private Commands() {
    }

    static Result run(List<String> argv, Path directory, Map<String, String> env, Duration timeout)
            throws IOException {
        Path out = Files.createTempFile("jc-command", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Result run(List<String> argv) throws IOException {
        return run(argv, null, Map.of(), Duration.ofSeconds(60));
    }

    /** Its output; a non-zero exit is an error naming the command and what it printed. */
    static String output(List<String> argv, Path directory, Map<String, String> env) throws IOException {
        Result r = run(argv, directory, env, Duration.ofSeconds(60));
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }
}
