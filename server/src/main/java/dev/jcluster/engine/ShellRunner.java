package dev.jcluster.engine;

import dev.jcluster.protocol.TaskSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a shell command: argv (no shell unless asked), working directory, extra environment; its
 * stdout and stderr go to the given streams. Buffered through files (a chatty command can never
 * block on a pipe nobody reads), or through pipes read as it runs when the task streams.
 */
final class ShellRunner {

    int run(TaskSpec spec, OutputStream out, OutputStream err) throws IOException, InterruptedException {
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
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return spec.stream() ? runPiped(pb, out, err) : runBuffered(pb, out, err);
    }

    private static int runBuffered(ProcessBuilder pb, OutputStream out, OutputStream err)
            throws IOException, InterruptedException {
        Path o = Files.createTempFile("jcluster-task", ".out");
        Path e = Files.createTempFile("jcluster-task", ".err");
        try {
            Process p = pb.redirectOutput(o.toFile()).redirectError(e.toFile()).start();
            try {
                int code = p.waitFor();
                Files.copy(o, out);
                Files.copy(e, err);
                return code;
            } finally {
                kill(p);
            }
        } finally {
            Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }

    private static int runPiped(ProcessBuilder pb, OutputStream out, OutputStream err)
            throws IOException, InterruptedException {
        Process p = pb.start();
        // both streams are read on their own threads so that this one waits interruptibly (a timeout can stop it)
        Thread outPump = pump(p.getInputStream(), out, "stdout");
        Thread errPump = pump(p.getErrorStream(), err, "stderr");
        try {
            int code = p.waitFor();
            outPump.join();
            errPump.join();
            return code;
        } finally {
            kill(p);
        }
    }

    private static Thread pump(InputStream in, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // the process ended or was killed: nothing more to read
            }
        }, "jcluster-shell-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void kill(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
