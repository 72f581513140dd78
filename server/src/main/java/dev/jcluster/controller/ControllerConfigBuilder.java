package dev.jcluster.controller;

import dev.jcluster.controller.ControllerConfig.Scheduling;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.Pipelines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Builds a {@link ControllerConfig}: every setting has a default, and a bad value fails here, naming it. */
public final class ControllerConfigBuilder {
    // read by ControllerConfig's constructor, set only through the methods below
    String clusterId = "default";
    final ClusterKey key;
    String bindHost = "127.0.0.1";
    int port;
    List<String> advertise = List.of();
    Duration heartbeat = Duration.ofMillis(700);
    int missedBeats = 4;
    int heartbeatBudget = ControllerConfig.DEFAULT_HEARTBEAT_BUDGET;
    Scheduling scheduling = Scheduling.LEAST_LOAD;
    int maxOutstandingPerEngine = 4;
    Duration prefetchWindow = ControllerConfig.DEFAULT_PREFETCH_WINDOW;
    int maxRetainedResults = 100_000;
    int maxFrameBytes = Pipelines.DEFAULT_MAX_FRAME_BYTES;
    int historySize = 10_000;
    long historyValueBytes = 32L << 20;
    int maxConnectionsBeforeHello = 1024;
    Path tlsKeystore;
    char[] tlsPassword = new char[0];
    Path storeFile;
    boolean restore;
    Duration restoreGrace = Duration.ofSeconds(90);
    long queuedValueBytesInMemory = 64L << 20;
    long heldValueBytesInMemory = 32L << 20;
    Duration storeCommitInterval = Duration.ofMillis(10);
    int queuedTasksInMemory = 50_000;
    Duration keepUntaken = Duration.ofDays(7);
    /** Past a client's own reconnect deadline (60 s), with room to spare. */
    Duration forgottenClientGrace = Duration.ofMinutes(2);
    long maxValueBytes;

    ControllerConfigBuilder(ClusterKey key) {
        this.key = key;
    }

    public ControllerConfigBuilder clusterId(String id) {
        this.clusterId = Objects.requireNonNull(id);
        return this;
    }

    /** Interface to listen on; "127.0.0.1" unless the profile asks for more. */
    public ControllerConfigBuilder bindHost(String host) {
        this.bindHost = Objects.requireNonNull(host);
        return this;
    }

    /** 0 picks a free port. */
    public ControllerConfigBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        this.port = port;
        return this;
    }

    /** Hosts written to the connection file instead of the bound interface's addresses. */
    public ControllerConfigBuilder advertise(List<String> hosts) {
        this.advertise = List.copyOf(hosts);
        return this;
    }

    public ControllerConfigBuilder heartbeat(Duration period, int missed) {
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
    public ControllerConfigBuilder heartbeatBudget(int framesPerSecond) {
        if (framesPerSecond < 0) {
            throw new IllegalArgumentException("heartbeat budget must be >= 0 frames/s, got " + framesPerSecond);
        }
        this.heartbeatBudget = framesPerSecond;
        return this;
    }

    public ControllerConfigBuilder scheduling(Scheduling s) {
        this.scheduling = Objects.requireNonNull(s);
        return this;
    }

    public ControllerConfigBuilder maxOutstandingPerEngine(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max outstanding tasks per engine must be >= 1, got " + n);
        }
        this.maxOutstandingPerEngine = n;
        return this;
    }

    public ControllerConfigBuilder prefetchWindow(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("prefetch window must be >= 0, got " + window);
        }
        this.prefetchWindow = window;
        return this;
    }

    public ControllerConfigBuilder maxRetainedResults(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max retained results must be >= 1, got " + n);
        }
        this.maxRetainedResults = n;
        return this;
    }

    public ControllerConfigBuilder maxFrameBytes(int n) {
        if (n < 1024) {
            throw new IllegalArgumentException("max frame bytes must be >= 1024, got " + n);
        }
        this.maxFrameBytes = n;
        return this;
    }

    /** Speak TLS on the port, with the key and certificate in {@code keystore} (PKCS12). */
    public ControllerConfigBuilder tls(Path keystore, char[] password) {
        this.tlsKeystore = keystore;
        this.tlsPassword = password.clone();
        return this;
    }

    /** Connections that have not said hello yet that the controller keeps; more are closed at once. */
    public ControllerConfigBuilder maxConnectionsBeforeHello(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max connections before hello must be >= 1, got " + n);
        }
        this.maxConnectionsBeforeHello = n;
        return this;
    }

    /** Bytes of finished tasks' values kept for clients that fetch a result by id (0: none). */
    public ControllerConfigBuilder historyValueBytes(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("history value bytes must be >= 0, got " + n);
        }
        this.historyValueBytes = n;
        return this;
    }

    public ControllerConfigBuilder historySize(int n) {
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
    public ControllerConfigBuilder store(Path file, boolean restore) {
        this.storeFile = Objects.requireNonNull(file);
        this.restore = restore;
        return this;
    }

    public ControllerConfigBuilder restoreGrace(Duration grace) {
        this.restoreGrace = Objects.requireNonNull(grace);
        return this;
    }

    public ControllerConfigBuilder storeCommitInterval(Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("store commit interval must be >= 0, got " + every);
        }
        this.storeCommitInterval = every;
        return this;
    }

    /** The largest value relayed, {@code controller.max-value}; 0 (the default) leaves only the heap's limit. */
    public ControllerConfigBuilder maxValueBytes(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("max value must be >= 0 bytes, got " + n);
        }
        this.maxValueBytes = n;
        return this;
    }

    public ControllerConfigBuilder keepUntaken(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("keep-untaken must be >= 0, got " + d);
        }
        this.keepUntaken = d;
        return this;
    }

    /** How long after the controller forgot a client engines are told to drop its class loader. */
    public ControllerConfigBuilder forgottenClientGrace(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("forgotten-client grace must be >= 0, got " + d);
        }
        this.forgottenClientGrace = d;
        return this;
    }

    public ControllerConfigBuilder queuedTasksInMemory(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("queued tasks in memory must be >= 2, got " + n);
        }
        this.queuedTasksInMemory = n;
        return this;
    }

    public ControllerConfigBuilder queuedValueBytesInMemory(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("queued value bytes in memory must be >= 0, got " + n);
        }
        this.queuedValueBytesInMemory = n;
        return this;
    }

    /** Results waiting for clients keep at most this many bytes of values in memory (with a store, the rest there only). */
    public ControllerConfigBuilder heldValueBytesInMemory(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("held value bytes in memory must be >= 0, got " + n);
        }
        this.heldValueBytesInMemory = n;
        return this;
    }

    public ControllerConfig build() {
        return new ControllerConfig(this);
    }
}
