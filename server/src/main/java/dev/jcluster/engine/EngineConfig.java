package dev.jcluster.engine;

import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.ValueSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an engine reaches its controller, how long it keeps trying when the controller goes away, and
 * what it does with a task that ignores its timeout or cancel. {@code engineId} -1 lets the
 * controller choose; {@code uuid} null makes a new one (a restarted engine passes its old one).
 */
public record EngineConfig(ConnectionInfo connection, int engineId, String uuid, Duration connectTimeout,
                           Duration reconnectDeadline, int maxFrameBytes, ValueSerializer serializer,
                           Duration taskStopGrace, StuckWorkers stuckWorkers) {
    public static final Duration DEFAULT_TASK_STOP_GRACE = Duration.ofSeconds(2);

    public EngineConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(serializer, "serializer");
        Objects.requireNonNull(taskStopGrace, "taskStopGrace");
        Objects.requireNonNull(stuckWorkers, "stuckWorkers");
    }

    /** An engine sharing its JVM with others (in-process clusters): a stuck worker thread is replaced, not the JVM. */
    public static EngineConfig of(ConnectionInfo connection) {
        return new EngineConfig(connection, -1, null, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Pipelines.DEFAULT_MAX_FRAME_BYTES, new DefaultSerializer(), DEFAULT_TASK_STOP_GRACE,
                StuckWorkers.REPLACE_THREAD);
    }

    public EngineConfig withEngineId(int id) {
        return new EngineConfig(connection, id, uuid, connectTimeout, reconnectDeadline, maxFrameBytes, serializer,
                taskStopGrace, stuckWorkers);
    }

    public EngineConfig withReconnectDeadline(Duration deadline) {
        return new EngineConfig(connection, engineId, uuid, connectTimeout, deadline, maxFrameBytes, serializer,
                taskStopGrace, stuckWorkers);
    }

    public EngineConfig withConnectTimeout(Duration timeout) {
        return new EngineConfig(connection, engineId, uuid, timeout, reconnectDeadline, maxFrameBytes, serializer,
                taskStopGrace, stuckWorkers);
    }

    public EngineConfig withTaskStopGrace(Duration grace) {
        return new EngineConfig(connection, engineId, uuid, connectTimeout, reconnectDeadline, maxFrameBytes, serializer,
                grace, stuckWorkers);
    }

    /** The engine owns its process: a stuck worker ends it, and {@code restartFile} (null: none) lets its loop restart it. */
    public EngineConfig exitingWhenStuck(Path restartFile, int restartedId, String restartedUuid) {
        return new EngineConfig(connection, restartedId, restartedUuid, connectTimeout, reconnectDeadline,
                maxFrameBytes, serializer, taskStopGrace, StuckWorkers.exitProcess(restartFile));
    }

    /**
     * What an engine does when a task ignores its abort for {@code taskStopGrace}: Java cannot stop
     * a thread that does not look at its interrupt flag, so either the thread is left behind
     * ({@link #REPLACE_THREAD}, for engines inside someone else's JVM) or the process ends.
     */
    public record StuckWorkers(boolean exitProcess, Path restartFile) {
        public static final StuckWorkers REPLACE_THREAD = new StuckWorkers(false, null);

        public static StuckWorkers exitProcess(Path restartFile) {
            return new StuckWorkers(true, restartFile);
        }
    }
}
