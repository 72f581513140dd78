package dev.jcluster.controller;

/**
 * How many load-balanced tasks one engine may hold at once. Normally the configured count
 * ({@code controller.max-outstanding}); while the engine's tasks take much less than the
 * prefetch window each, as many as it runs in that window, up to {@link #CEILING}. Without that,
 * sub-millisecond tasks leave an engine idle for a controller round trip after every few of them.
 *
 * <p>The estimate is the time between two results of an engine that was busy all along (it held
 * another task when the first came back): the rate it works through its queue, overheads
 * included. A slower task sets it at once, faster ones pull it down gradually, so a long task
 * after many short ones brings the limit straight back to the configured count. Used only on the
 * controller's thread.
 */
final class Prefetch {
    /** The most an engine is sent ahead, however short its tasks: bounds what waits behind a surprise. */
    static final int CEILING = 64;
    private static final double NEW_SAMPLE_WEIGHT = 0.125;

    private final int configured;
    private final long windowNanos;
    private double meanNanos = Double.NaN;
    private long lastResultNanos;
    private boolean busySinceLastResult;
    private int limit;

    Prefetch(int configured, long windowNanos) {
        this.configured = configured;
        this.windowNanos = windowNanos;
        this.limit = configured;
    }

    /** A new engine's, from {@code controller.max-outstanding} and {@code controller.prefetch-window}. */
    static Prefetch of(ControllerConfig config) {
        return new Prefetch(config.maxOutstandingPerEngine(), config.prefetchWindow().toNanos());
    }

    /** The highest this limit can go: how many load buckets an engine with it can need. */
    int maxLimit() {
        return windowNanos > 0 ? Math.max(configured, CEILING) : configured;
    }

    int limit() {
        return limit;
    }

    /** A result came back at {@code now}; the engine still holds {@code stillHeld} tasks (any kind). */
    void resultArrived(long now, int stillHeld) {
        if (windowNanos > 0 && busySinceLastResult) {
            double sample = Math.max(1, now - lastResultNanos);
            meanNanos = Double.isNaN(meanNanos) || sample > meanNanos ? sample
                    : meanNanos + NEW_SAMPLE_WEIGHT * (sample - meanNanos);
            limit = (int) Math.max(configured, Math.min(CEILING, windowNanos / meanNanos));
        }
        lastResultNanos = now;
        busySinceLastResult = stillHeld > 0;
    }
}
