package dev.jcluster.engine;

import dev.jcluster.protocol.TaskSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a shell command: argv (no shell unless asked), working directory, extra environment. */
final class ShellRunner {

    /** Output and exit code of one command. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    Outcome run(TaskSpec spec) throws IOException, InterruptedException {
        if (spec.argv().isEmpty()) {
            throw new IllegalArgumentException("shell task with an empty command");
        }
        ProcessBuilder pb = new ProcessBuilder(spec.argv());
        if (spec.text() != null && !spec.text().isEmpty()) {
            File dir = new File(spec.text());
            if (!dir.isDirectory()) {
                throw new IOException("working directory " + dir + " does not exist on this engine");
            }
            pb.directory(dir);
        }
        pb.environment().putAll(spec.env());
        // files, not pipes: a chatty command can never block on a full pipe we are not reading
        Path out = Files.createTempFile("jcluster-task", ".out");
        Path err = Files.createTempFile("jcluster-task", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null")));
            Process p = pb.start();
            try {
                int code = p.waitFor();
                return new Outcome(code, read(out), read(err));
            } finally {
                if (p.isAlive()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size <= OutputCapture.MAX_BYTES) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        byte[] head = new byte[OutputCapture.MAX_BYTES];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            return new String(head, 0, n, StandardCharsets.UTF_8) + "\n[jcluster: output cut at "
                    + OutputCapture.MAX_BYTES + " of " + size + " bytes]\n";
        }
    }
}
