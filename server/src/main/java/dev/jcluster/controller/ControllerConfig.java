package dev.jcluster.controller;

import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.Pipelines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a controller binds, schedules and watches engines. Immutable; see {@link ControllerConfigBuilder}. */
public final class ControllerConfig {
    /** Enough queued work to cover a controller round trip several times over on a busy 2-core machine. */
    public static final Duration DEFAULT_PREFETCH_WINDOW = Duration.ofMillis(2);
    /**
     * Heartbeat frames a second, both ways, the controller takes before larger clusters beat more
     * slowly: each frame costs it a wake-up, and idle engines should not cost a busy controller a
     * core. The README's Speed section gives what it measured.
     */
    public static final int DEFAULT_HEARTBEAT_BUDGET = 2_000;
    private final String clusterId;
    private final ClusterKey key;
    private final String bindHost;
    private final int port;
    private final List<String> advertise;
    private final Duration heartbeat;
    private final int missedBeats;
    private final int heartbeatBudget;
    private final Scheduling scheduling;
    private final int maxOutstandingPerEngine;
    private final Duration prefetchWindow;
    private final int maxRetainedResults;
    private final int maxFrameBytes;
    private final int historySize;
    private final long historyValueBytes;
    private final int maxConnectionsBeforeHello;
    private final Path tlsKeystore;
    private final char[] tlsPassword;
    private final Path storeFile;
    private final boolean restore;
    private final Duration restoreGrace;
    private final long queuedValueBytesInMemory;
    private final long heldValueBytesInMemory;
    private final Duration storeCommitInterval;
    private final int queuedTasksInMemory;
    private final Duration keepUntaken;
    private final Duration forgottenClientGrace;
    private final long maxValueBytes;

    ControllerConfig(ControllerConfigBuilder b) {
        this.clusterId = b.clusterId;
        this.key = Objects.requireNonNull(b.key, "key");
        this.bindHost = b.bindHost;
        this.port = b.port;
        this.advertise = List.copyOf(b.advertise);
        this.heartbeat = b.heartbeat;
        this.missedBeats = b.missedBeats;
        this.heartbeatBudget = b.heartbeatBudget;
        this.scheduling = b.scheduling;
        this.maxOutstandingPerEngine = b.maxOutstandingPerEngine;
        this.prefetchWindow = b.prefetchWindow;
        this.maxRetainedResults = b.maxRetainedResults;
        this.maxFrameBytes = b.maxFrameBytes;
        this.historySize = b.historySize;
        this.historyValueBytes = b.historyValueBytes;
        this.maxConnectionsBeforeHello = b.maxConnectionsBeforeHello;
        this.tlsKeystore = b.tlsKeystore;
        this.tlsPassword = b.tlsPassword;
        this.storeFile = b.storeFile;
        this.restore = b.restore;
        this.restoreGrace = b.restoreGrace;
        this.queuedValueBytesInMemory = b.queuedValueBytesInMemory;
        this.heldValueBytesInMemory = b.heldValueBytesInMemory;
        this.storeCommitInterval = b.storeCommitInterval;
        this.queuedTasksInMemory = b.queuedTasksInMemory;
        this.keepUntaken = b.keepUntaken;
        this.forgottenClientGrace = b.forgottenClientGrace;
        this.maxValueBytes = b.maxValueBytes;
    }

    /** The largest value (task argument, pushed object, result) relayed, or 0 for no limit but the heap's. */
    public long maxValueBytes() {
        return maxValueBytes;
    }

    /** How long results wait for a client that went away before they are dropped. */
    public Duration keepUntaken() {
        return keepUntaken;
    }

    /** How long after the controller forgot a client engines drop its class loader. */
    public Duration forgottenClientGrace() {
        return forgottenClientGrace;
    }

    /** With a store, at most this many load-balanced tasks wait in memory; the rest wait in the store. */
    public int queuedTasksInMemory() {
        return queuedTasksInMemory;
    }

    /** The store is committed at most this often; clients hear their tasks are accepted after the commit. */
    public Duration storeCommitInterval() {
        return storeCommitInterval;
    }

    /** The task store's file, or null for none (nothing outlives the controller). */
    public Path storeFile() {
        return storeFile;
    }

    /** Start from what the store holds (a controller that died), instead of from an empty store. */
    public boolean restore() {
        return restore;
    }

    /** After a restore, how long direct tasks wait for their engine to register again before they fail. */
    public Duration restoreGrace() {
        return restoreGrace;
    }

    /** With a store, queued load-balanced tasks keep at most this many bytes of values in memory; the rest in the store. */
    public long queuedValueBytesInMemory() {
        return queuedValueBytesInMemory;
    }

    /**
     * Results waiting for clients (away, or not reading) keep at most this many bytes of values in
     * memory; with a store, the rest are read back from it when sent.
     */
    public long heldValueBytesInMemory() {
        return heldValueBytesInMemory;
    }

    /** The PKCS12 keystore of this cluster's TLS key and certificate, or null for no TLS. */
    public Path tlsKeystore() {
        return tlsKeystore;
    }

    char[] tlsPassword() {
        return tlsPassword;
    }

    public static ControllerConfigBuilder builder(ClusterKey key) {
        return new ControllerConfigBuilder(key);
    }

    public String clusterId() {
        return clusterId;
    }

    public ClusterKey key() {
        return key;
    }

    public String bindHost() {
        return bindHost;
    }

    public int port() {
        return port;
    }

    public List<String> advertise() {
        return advertise;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public int missedBeats() {
        return missedBeats;
    }

    /** Heartbeat frames a second (both ways) the controller takes before it slows every engine's beat; 0: never. */
    public int heartbeatBudget() {
        return heartbeatBudget;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    /** An engine whose tasks are short is sent as many as it runs in this time (see {@link Prefetch}); zero: never more than {@link #maxOutstandingPerEngine()}. */
    public Duration prefetchWindow() {
        return prefetchWindow;
    }

    public int maxOutstandingPerEngine() {
        return maxOutstandingPerEngine;
    }

    public int maxRetainedResults() {
        return maxRetainedResults;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Finished tasks kept for `jcluster tasks` / `jcluster task ID`. */
    public int historySize() {
        return historySize;
    }

    public long historyValueBytes() {
        return historyValueBytes;
    }

    public int maxConnectionsBeforeHello() {
        return maxConnectionsBeforeHello;
    }

    /** How the load-balanced queue picks an engine among those under their cap. */
    public enum Scheduling { LEAST_LOAD, ROUND_ROBIN, RANDOM }
}
