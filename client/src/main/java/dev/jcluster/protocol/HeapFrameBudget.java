package dev.jcluster.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of large frames a controller holds in its heap at once; frames past it go to its
 * {@link ValueSpool}. In the heap a value is quickest to relay, on disk its size costs no memory:
 * the budget gives typical values the first and any value the second. Shared by every connection
 * of a controller; thread-safe.
 */
public final class HeapFrameBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    public HeapFrameBudget(long maxBytes) {
        this.max = maxBytes;
    }

    /** A quarter of this JVM's maximum heap. */
    public static HeapFrameBudget quarterOfHeap() {
        return new HeapFrameBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    /** Takes {@code bytes} if they fit; false (nothing taken) if not. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > max) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
