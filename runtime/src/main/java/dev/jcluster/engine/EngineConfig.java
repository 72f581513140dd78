package dev.jcluster.engine;

import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.ValueSerializer;
import java.time.Duration;
import java.util.Objects;

/**
 * How an engine reaches its controller and how long it keeps trying when the controller goes away.
 * {@code engineId} -1 lets the controller choose.
 */
public record EngineConfig(ConnectionInfo connection, int engineId, Duration connectTimeout,
                           Duration reconnectDeadline, int maxFrameBytes, ValueSerializer serializer) {
    public EngineConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(serializer, "serializer");
    }

    public static EngineConfig of(ConnectionInfo connection) {
        return new EngineConfig(connection, -1, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Pipelines.DEFAULT_MAX_FRAME_BYTES, new DefaultSerializer());
    }

    public EngineConfig withEngineId(int id) {
        return new EngineConfig(connection, id, connectTimeout, reconnectDeadline, maxFrameBytes, serializer);
    }

    public EngineConfig withReconnectDeadline(Duration deadline) {
        return new EngineConfig(connection, engineId, connectTimeout, deadline, maxFrameBytes, serializer);
    }
}
