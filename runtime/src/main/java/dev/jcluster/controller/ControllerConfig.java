package dev.jcluster.controller;

import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.Pipelines;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a controller binds, schedules and watches engines. Immutable; see {@link Builder}. */
public final class ControllerConfig {
    /** Enough queued work to cover a controller round trip several times over on a busy 2-core machine. */
    public static final Duration DEFAULT_PREFETCH_WINDOW = Duration.ofMillis(2);
    /**
     * A heartbeat frame costs the controller 20 us here when frames come in crowds and about 50 us
     * when each one wakes it (a virtual machine's wake-ups are dear): 2,000 a second took 8-11 % of
     * a core at 1,000 to 10,000 engines. At the default 700 ms that budget holds up to 933 engines,
     * so only larger clusters beat more slowly; at 10,000 a hung engine is noticed after 33 s.
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
    private final java.nio.file.Path tlsKeystore;
    private final char[] tlsPassword;
    private final java.nio.file.Path storeFile;
    private final boolean restore;
    private final Duration restoreGrace;
    private final long queuedValueBytesInMemory;
    private final Duration storeCommitInterval;
    private final int queuedTasksInMemory;
    private final Duration keepUntaken;

    private ControllerConfig(Builder b) {
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
        this.tlsKeystore = b.tlsKeystore;
        this.tlsPassword = b.tlsPassword;
        this.storeFile = b.storeFile;
        this.restore = b.restore;
        this.restoreGrace = b.restoreGrace;
        this.queuedValueBytesInMemory = b.queuedValueBytesInMemory;
        this.storeCommitInterval = b.storeCommitInterval;
        this.queuedTasksInMemory = b.queuedTasksInMemory;
        this.keepUntaken = b.keepUntaken;
    }

    /** How long results wait for a client that went away before they are dropped. */
    public Duration keepUntaken() {
        return keepUntaken;
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
    public java.nio.file.Path storeFile() {
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

    /** The PKCS12 keystore of this cluster's TLS key and certificate, or null for no TLS. */
    public java.nio.file.Path tlsKeystore() {
        return tlsKeystore;
    }

    char[] tlsPassword() {
        return tlsPassword;
    }

    public static Builder builder(ClusterKey key) {
        return new Builder(key);
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

    /** How the load-balanced queue picks an engine among those under their cap. */
    public enum Scheduling { LEAST_LOAD, ROUND_ROBIN, RANDOM }

    public static final class Builder {
        private String clusterId = "default";
        private final ClusterKey key;
        private String bindHost = "127.0.0.1";
        private int port;
        private List<String> advertise = List.of();
        private Duration heartbeat = Duration.ofMillis(700);
        private int missedBeats = 4;
        private int heartbeatBudget = DEFAULT_HEARTBEAT_BUDGET;
        private Scheduling scheduling = Scheduling.LEAST_LOAD;
        private int maxOutstandingPerEngine = 4;
        private Duration prefetchWindow = DEFAULT_PREFETCH_WINDOW;
        private int maxRetainedResults = 100_000;
        private int maxFrameBytes = Pipelines.DEFAULT_MAX_FRAME_BYTES;
        private int historySize = 10_000;
        private java.nio.file.Path tlsKeystore;
        private char[] tlsPassword = new char[0];
        private java.nio.file.Path storeFile;
        private boolean restore;
        private Duration restoreGrace = Duration.ofSeconds(90);
        private long queuedValueBytesInMemory = 64L << 20;
        private Duration storeCommitInterval = Duration.ofMillis(10);
        private int queuedTasksInMemory = 50_000;
        private Duration keepUntaken = Duration.ofDays(7);

        private Builder(ClusterKey key) {
            this.key = key;
        }

        public Builder clusterId(String id) {
            this.clusterId = Objects.requireNonNull(id);
            return this;
        }

        /** Interface to listen on; "127.0.0.1" unless the profile asks for more. */
        public Builder bindHost(String host) {
            this.bindHost = Objects.requireNonNull(host);
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 0..65535");
            }
            this.port = port;
            return this;
        }

        /** Hosts written to the connection file instead of the bound interface's addresses. */
        public Builder advertise(List<String> hosts) {
            this.advertise = List.copyOf(hosts);
            return this;
        }

        public Builder heartbeat(Duration period, int missed) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("heartbeat period must be > 0, got " + period);
            }
            if (missed < 1) {
                throw new IllegalArgumentException("missed-beat limit must be >= 1, got " + missed);
            }
            this.heartbeat = period;
            this.missedBeats = missed;
            return this;
        }

        /**
         * Past this many heartbeat frames a second, engines beat more slowly (and a hung one is noticed
         * later) instead of the controller spending a core on beats; 0 keeps the period whatever the size.
         */
        public Builder heartbeatBudget(int framesPerSecond) {
            if (framesPerSecond < 0) {
                throw new IllegalArgumentException("heartbeat budget must be >= 0 frames/s, got " + framesPerSecond);
            }
            this.heartbeatBudget = framesPerSecond;
            return this;
        }

        public Builder scheduling(Scheduling s) {
            this.scheduling = Objects.requireNonNull(s);
            return this;
        }

        public Builder maxOutstandingPerEngine(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max outstanding tasks per engine must be >= 1, got " + n);
            }
            this.maxOutstandingPerEngine = n;
            return this;
        }

        public Builder prefetchWindow(Duration window) {
            if (window.isNegative()) {
                throw new IllegalArgumentException("prefetch window must be >= 0, got " + window);
            }
            this.prefetchWindow = window;
            return this;
        }

        public Builder maxRetainedResults(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max retained results must be >= 1, got " + n);
            }
            this.maxRetainedResults = n;
            return this;
        }

        public Builder maxFrameBytes(int n) {
            if (n < 1024) {
                throw new IllegalArgumentException("max frame bytes must be >= 1024, got " + n);
            }
            this.maxFrameBytes = n;
            return this;
        }

        /** Speak TLS on the port, with the key and certificate in {@code keystore} (PKCS12). */
        public Builder tls(java.nio.file.Path keystore, char[] password) {
            this.tlsKeystore = keystore;
            this.tlsPassword = password.clone();
            return this;
        }

        public Builder historySize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("history size must be >= 0, got " + n);
            }
            this.historySize = n;
            return this;
        }

        /**
         * Records tasks and results in {@code file} before acknowledging them; with {@code restore},
         * starts from what it holds instead of emptying it.
         */
        public Builder store(java.nio.file.Path file, boolean restore) {
            this.storeFile = Objects.requireNonNull(file);
            this.restore = restore;
            return this;
        }

        public Builder restoreGrace(Duration grace) {
            this.restoreGrace = Objects.requireNonNull(grace);
            return this;
        }

        public Builder storeCommitInterval(Duration every) {
            if (every.isNegative()) {
                throw new IllegalArgumentException("store commit interval must be >= 0, got " + every);
            }
            this.storeCommitInterval = every;
            return this;
        }

        public Builder keepUntaken(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("keep-untaken must be >= 0, got " + d);
            }
            this.keepUntaken = d;
            return this;
        }

        public Builder queuedTasksInMemory(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("queued tasks in memory must be >= 2, got " + n);
            }
            this.queuedTasksInMemory = n;
            return this;
        }

        public Builder queuedValueBytesInMemory(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("queued value bytes in memory must be >= 0, got " + n);
            }
            this.queuedValueBytesInMemory = n;
            return this;
        }

        public ControllerConfig build() {
            return new ControllerConfig(this);
        }
    }
}
