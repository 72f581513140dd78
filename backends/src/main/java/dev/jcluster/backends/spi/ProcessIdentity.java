package dev.jcluster.backends.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * A local process known by pid and start time. The start time is what makes a pid safe to signal
 * later: after a reboot or a long time the same pid may belong to someone else's process.
 */
public final class ProcessIdentity {
    private ProcessIdentity() {
    }

    public static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The live process with this pid and start time, if it is still the one we started. */
    public static Optional<ProcessHandle> find(long pid, long startedAtMillis) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> startedAtMillis == 0 || startMillis(h) == startedAtMillis);
    }
}
