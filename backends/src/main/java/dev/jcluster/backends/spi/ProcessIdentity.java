package dev.jcluster.backends.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local process known by pid and start time. The start time is what makes a pid safe to signal
 * later: after a reboot or a long time the same pid may belong to someone else's process. A
 * zombie counts as gone: where pid 1 does not reap orphans (some containers and VMs), an engine
 * that exited stays a zombie that {@link ProcessHandle#isAlive()} still reports alive.
 */
public final class ProcessIdentity {
    private ProcessIdentity() {
    }

    public static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The live process with this pid and start time, if it is still the one we started. */
    public static Optional<ProcessHandle> find(long pid, long startedAtMillis) {
        return ProcessHandle.of(pid).filter(ProcessIdentity::alive)
                .filter(h -> startedAtMillis == 0 || startMillis(h) == startedAtMillis);
    }

    /** Alive and not a zombie. */
    public static boolean alive(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            // no /proc (not Linux): trust the JDK; otherwise the process vanished while we looked
            return !Files.isDirectory(Path.of("/proc", "self")) && h.isAlive();
        }
    }

    /** Waits up to {@code timeout} for the process to be gone; true if it is. */
    public static boolean awaitGone(ProcessHandle h, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(h)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                h.onExit().get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // poll again: onExit never completes for a zombie nobody reaps
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(h);
            }
        }
        return true;
    }
}
