package dev.jcluster.internal;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Values that came, or are to come, on {@link DataLink}s, by transfer id, until whoever needs one
 * takes it: a task waiting for its value, a result waiting for its bytes. Which comes first, the
 * value or its taker, depends on two connections' timing, so either may wait for the other. A value
 * nobody takes within {@link #UNCLAIMED} (its task was cancelled, its client gone) is dropped.
 */
public final class Arrivals {
    public static final Duration UNCLAIMED = Duration.ofMinutes(10);
    private final Map<Long, Pending> byId = new ConcurrentHashMap<>();
    private volatile IOException closed;

    private record Pending(CompletableFuture<ByteBuf> value, long since) {
    }

    private Pending pending(long id) {
        return byId.computeIfAbsent(id, k -> new Pending(new CompletableFuture<>(), System.nanoTime()));
    }

    /** A data link's receiver that keeps here what comes on it; {@code onClose} hears how the link ended. */
    public DataLink.Receiver receiver(LongSupplier limit, BiConsumer<DataLink, IOException> onClose) {
        return new DataLink.Receiver() {
            @Override
            public long limit() {
                return limit.getAsLong();
            }

            @Override
            public void arrived(long id, ByteBuf value) {
                Arrivals.this.arrived(id, value);
            }

            @Override
            public void refused(long id, IOException why) {
                Arrivals.this.refused(id, why);
            }

            @Override
            public void closed(DataLink link, IOException cause) {
                onClose.accept(link, cause);
            }
        };
    }

    /** Transfer {@code id} arrived; kept until taken. */
    public void arrived(long id, ByteBuf value) {
        if (!pending(id).value().complete(value)) {
            value.release();
        }
    }

    /** Transfer {@code id} will not arrive: whoever takes it gets {@code why}. */
    public void refused(long id, IOException why) {
        pending(id).value().completeExceptionally(why);
    }

    /**
     * Transfer {@code id}'s value, waiting up to {@code wait} for it; it is then no longer kept.
     * {@code what} names it in errors ("the value of task 12").
     */
    public ByteBuf take(long id, Duration wait, String what) throws IOException {
        IOException gone = closed;
        Pending p = gone == null ? pending(id) : byId.get(id);
        if (p == null) {
            throw new IOException(what + " did not arrive: " + gone.getMessage(), gone);
        }
        try {
            return p.value().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(what + " did not arrive: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException(what + " did not arrive within " + wait.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        } finally {
            byId.remove(id);
        }
    }

    /** The link these values come on ended: what has not arrived never will. */
    public void close(IOException cause) {
        closed = cause;
        byId.values().forEach(p -> p.value().completeExceptionally(cause));
    }

    /** Drops values nobody took within {@link #UNCLAIMED}; returns how many. */
    public int dropUnclaimed() {
        long before = System.nanoTime() - UNCLAIMED.toNanos();
        int dropped = 0;
        for (Map.Entry<Long, Pending> e : byId.entrySet()) {
            if (e.getValue().since() < before && byId.remove(e.getKey(), e.getValue())) {
                e.getValue().value().thenAccept(ByteBuf::release);
                e.getValue().value().cancel(false);
                dropped++;
            }
        }
        return dropped;
    }
}
