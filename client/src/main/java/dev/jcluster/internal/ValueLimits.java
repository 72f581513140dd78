package dev.jcluster.internal;

import java.util.Locale;

/**
 * How large a value a jcluster process takes. A value crosses a process whole in its heap (the
 * frame it came in, and on engines and clients the decoded object beside it), so a process takes
 * values up to a third of its heap; a value larger than that would make it run out of memory,
 * drop the connection and see the value sent again.
 */
public final class ValueLimits {
    private ValueLimits() {
    }

    /** A third of this JVM's maximum heap. */
    public static long fromHeap() {
        return Runtime.getRuntime().maxMemory() / 3;
    }

    /** The smaller of a configured limit (0: none) and the heap's. */
    public static long of(long configured) {
        long heap = fromHeap();
        return configured > 0 ? Math.min(configured, heap) : heap;
    }

    /** Whether a value of {@code bytes} passes {@code limit} (0: no limit). */
    public static boolean within(long bytes, long limit) {
        return limit <= 0 || bytes <= limit;
    }

    /** "629,145,600 bytes (600 MiB)". */
    public static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d bytes (%s)", n, n >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GiB",
                n / (double) (1 << 30)) : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1 << 20)));
    }
}
