package dev.jcluster.client.internal;

import dev.jcluster.internal.Arrivals;
import dev.jcluster.internal.CipherWarmUp;
import dev.jcluster.internal.DataLink;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.DataRoute;
import dev.jcluster.protocol.Transfer;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's data links, at most one per engine: set up when a large value first moves
 * between this client and that engine (the controller says where the engine listens and gives it
 * this client's link key), then used for large values both ways; a client that moves only small
 * values never sets one up, nor pays for compiling AES-GCM. An engine the client cannot reach
 * (another network, a tunnel to the controller only) keeps the controller's route, and is tried
 * again after {@link #RETRY_UNREACHABLE}; any value keeps it when {@link #MAX_LINKS} links are open.
 */
final class DataRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataRoutes.class);
    static final int MAX_LINKS = 64;
    private static final int CONNECT_MILLIS = 2_000;
    /** How long a submission waits for a link being set up before it takes the controller's route. */
    private static final Duration SET_UP_WAIT = Duration.ofSeconds(5);
    /** How long an engine found out of reach keeps the controller's route before a link is tried again. */
    static final Duration RETRY_UNREACHABLE = Duration.ofMinutes(1);
    /** How long a result waits for its value to come on the link once the controller said it was sent. */
    private static final Duration RESULT_WAIT = Duration.ofSeconds(60);
    private final String uuid;
    private final byte[] linkKey;
    private final IntFunction<CompletableFuture<DataRoute>> ask;
    private final Map<Integer, CompletableFuture<Route>> routes = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(new DefaultThreadFactory("jcluster-data", true));
    private final CipherWarmUp warmUp;
    private final long retryUnreachableNanos;

    /** A usable link and what comes on it, or why there is none ({@code link} null) since when. */
    record Route(DataLink link, Arrivals arrivals, String unavailable, long sinceNanos) {
        static Route none(String why) {
            return new Route(null, null, why, System.nanoTime());
        }

        boolean usable() {
            return link != null && link.isOpen();
        }
    }

    DataRoutes(String uuid, byte[] linkKey, IntFunction<CompletableFuture<DataRoute>> ask) {
        this(uuid, linkKey, ask, RETRY_UNREACHABLE, new CipherWarmUp());
    }

    DataRoutes(String uuid, byte[] linkKey, IntFunction<CompletableFuture<DataRoute>> ask, Duration retryUnreachable,
               CipherWarmUp warmUp) {
        this.uuid = uuid;
        this.linkKey = linkKey.clone();
        this.ask = ask;
        this.retryUnreachableNanos = retryUnreachable.toNanos();
        this.warmUp = warmUp;
    }

    /** Starts setting up a link to engine {@code engineId} if there is none; returns at once. */
    CompletableFuture<Route> prepare(int engineId) {
        CompletableFuture<Route> known = routes.get(engineId);
        if (known != null && !ended(known)) {
            return known;
        }
        if (known == null && routes.size() >= MAX_LINKS) {
            return CompletableFuture.completedFuture(Route.none(MAX_LINKS + " data links are open"));
        }
        CompletableFuture<Route> route = new CompletableFuture<>();
        boolean mine = known == null ? routes.putIfAbsent(engineId, route) == null : routes.replace(engineId, known, route);
        if (!mine) {
            return routes.getOrDefault(engineId,
                    CompletableFuture.completedFuture(Route.none("the link was being set up twice")));
        }
        ask.apply(engineId).whenCompleteAsync((answer, failure) -> route.complete(failure != null
                ? Route.none(failure.getMessage()) : open(engineId, answer)), workers);
        return route;
    }

    /**
     * A link that was open and closed since (what came on it stays takeable until it is replaced),
     * or no link for long enough that the engine may be reachable now.
     */
    private boolean ended(CompletableFuture<Route> route) {
        Route r = route.getNow(null);
        if (r == null) {
            return false;
        }
        return r.link() != null ? !r.link().isOpen() : System.nanoTime() - r.sinceNanos() >= retryUnreachableNanos;
    }

    /**
     * A usable route to engine {@code engineId} for a value of {@code bytes}, set up now if need be
     * (waiting a few seconds at most); or null, also while this JVM's AES-GCM is still being compiled
     * and the value is not large enough to wait for it, unless the link shares memory (see
     * {@link CipherWarmUp}). A small value does not wait for a link being set up while the cipher is cold.
     */
    Route usable(int engineId, long bytes) {
        CompletableFuture<Route> route = prepare(engineId);
        if (!route.isDone() && !warmUp.isDone() && bytes < CipherWarmUp.WAIT_FOR_BYTES) {
            return null;
        }
        try {
            Route r = route.get(SET_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return r.usable() && warmUp.readyFor(r.link(), bytes) ? r : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private Route open(int engineId, DataRoute answer) {
        if (answer.address() == null || answer.address().isEmpty()) {
            LOG.debug("no data link to engine {}: {}", engineId, answer.reason());
            return Route.none(answer.reason());
        }
        int colon = answer.address().lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(answer.address().substring(0, colon),
                Integer.parseInt(answer.address().substring(colon + 1)));
        Arrivals arrivals = new Arrivals();
        try {
            // the next large value opens a new link once this one ends (see prepare)
            DataLink link = DataLink.connect(address, uuid, linkKey, CONNECT_MILLIS,
                    arrivals.receiver(ValueLimits::fromHeap, (ended, cause) -> arrivals.close(cause)));
            LOG.debug("data link to engine {} at {} open, through {}", engineId, address, link.transport());
            warmUp.startFor(link);
            return new Route(link, arrivals, "", System.nanoTime());
        } catch (IOException e) {
            LOG.info("values for engine {} go through the controller: its data port at {} is out of reach ({})",
                    engineId, address, e.getMessage());
            return Route.none(e.getMessage());
        }
    }

    /** Sends {@code value} as transfer {@code id} on a worker thread, then releases it; the future says how it went. */
    CompletableFuture<Void> send(Route route, long id, ByteBuf value) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        workers.execute(() -> {
            try {
                route.link().send(id, value);
                sent.complete(null);
            } catch (IOException | RuntimeException e) {
                sent.completeExceptionally(e);
            } finally {
                value.release();
            }
        });
        return sent;
    }

    /** The value of a result engine {@code engineId} sent on its link as {@code transfer}; waits for it if need be. */
    ByteBuf take(int engineId, Transfer transfer, String what) throws IOException {
        CompletableFuture<Route> r = routes.get(engineId);
        Route route = r == null ? null : r.getNow(null);
        if (route == null || route.arrivals() == null) {
            throw new IOException(what + " was sent on a data link from engine " + engineId + " that this client no"
                    + " longer has");
        }
        return route.arrivals().take(transfer.id(), RESULT_WAIT, what);
    }

    @Override
    public void close() {
        routes.values().forEach(r -> r.thenAccept(route -> {
            if (route.link() != null) {
                route.link().close();
            }
        }));
        workers.shutdown();
    }
}
