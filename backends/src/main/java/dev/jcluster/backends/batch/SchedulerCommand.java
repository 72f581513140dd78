package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.BackendException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs one scheduler command (sbatch, qstat, bkill ...) to completion with a time limit, and
 * hands back what it printed. A hung scheduler client must never hang `jcluster start` or `stop`.
 */
final class SchedulerCommand {
    /** What the command printed, and how it exited. */
    record Output(List<String> argv, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The scheduler's own words, for error messages. */
        String said() {
            String s = (stderr.strip() + "\n" + stdout.strip()).strip();
            return s.isEmpty() ? "(it printed nothing)" : s;
        }

        String commandLine() {
            return String.join(" ", argv);
        }
    }

    private final Duration timeout;

    SchedulerCommand(Duration timeout) {
        this.timeout = timeout;
    }

    Output run(List<String> argv, Path workingDirectory, String stdin) throws BackendException {
        CommandLine line = new CommandLine(argv.get(0));
        line.addArguments(argv.subList(1, argv.size()).toArray(String[]::new), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(out, err,
                        stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))))
                .get();
        if (workingDirectory != null) {
            executor.setWorkingDirectory(workingDirectory.toFile());
        }
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        int rc;
        try {
            rc = executor.execute(line);
        } catch (IOException e) {
            throw new BackendException("cannot run `" + argv.get(0) + "`: " + e.getMessage()
                    + " (is the scheduler's client installed and on PATH?)", e);
        }
        if (watchdog.killedProcess()) {
            throw new BackendException("`" + String.join(" ", argv) + "` did not finish within "
                    + timeout.toSeconds() + " s; is the scheduler answering?");
        }
        return new Output(List.copyOf(argv), rc, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }
}
