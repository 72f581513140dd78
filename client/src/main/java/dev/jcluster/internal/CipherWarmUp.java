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
 */
public final class CipherWarmUp {
    public static final int WAIT_FOR_BYTES = 64 << 20;
    public static final Duration WAIT = Duration.ofSeconds(10);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Starts the warm-up, the first time only; returns at once. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                LinkCipher.warmUp();
                done.complete(null);
            }, "jcluster-data-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Whether a value of {@code bytes} may go on a link now, waiting for the warm-up if it is that large. */
    public boolean readyFor(long bytes) {
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
