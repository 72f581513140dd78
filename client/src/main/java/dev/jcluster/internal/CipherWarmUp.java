package dev.jcluster.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process's AES-GCM warm-up for its data links ({@link LinkCipher#warmUp}), started once on a
 * thread of its own, and the rule for what may use a link meanwhile: before it is done a value
 * would move at a fiftieth of the speed, slower than on the controller's route, so only values of
 * {@link #WAIT_FOR_BYTES} or more wait for it (at most {@link #WAIT}); smaller ones take that route.
 * A link through shared memory seals nothing once open: it never waits, and a process whose links
 * all share memory never spends the warm-up's CPU.
 */
public final class CipherWarmUp {
    public static final int WAIT_FOR_BYTES = 64 << 20;
    public static final Duration WAIT = Duration.ofSeconds(10);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Runnable work;

    public CipherWarmUp() {
        this(LinkCipher::warmUp);
    }

    /** A warm-up that runs {@code work} instead (tests: one that does not end). */
    public CipherWarmUp(Runnable work) {
        this.work = work;
    }

    /** Whether the warm-up is over. */
    public boolean isDone() {
        return done.isDone();
    }

    /** Starts the warm-up now if {@code opened}, a link just opened, seals its records: they will need it. */
    public void startFor(DataLink opened) {
        if (!opened.sharesMemory()) {
            start();
        }
    }

    /** Starts the warm-up, the first time only; returns at once. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                work.run();
                done.complete(null);
            }, "jcluster-data-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Whether a value of {@code bytes} may go on {@code link} now: at once through shared memory;
     * on a socket once the warm-up (started now if need be) is done, waiting for it if the value is
     * that large.
     */
    public boolean readyFor(DataLink link, long bytes) {
        if (link.sharesMemory()) {
            return true;
        }
        start();
        if (done.isDone()) {
            return true;
        }
        if (bytes < WAIT_FOR_BYTES) {
            return false;
        }
        try {
            done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
