package dev.jcluster.controller;

import dev.jcluster.internal.LinkKeys;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.DataKey;
import dev.jcluster.protocol.DataRoute;
import dev.jcluster.protocol.Envelope;

/**
 * Brokers data links (values straight between a client and an engine): an engine with a data port
 * is given the asking client's link key, sealed under the engines' key, before the client is told
 * where to connect; the controller itself never carries those values.
 */
final class DataLinks {
    private final ClusterKey clusterKey;
    private final ClusterKey enginesKey;

    DataLinks(ClusterKey clusterKey) {
        this.clusterKey = clusterKey;
        this.enginesKey = clusterKey.forEngines();
    }

    /** The answer to {@code client} asking for engine {@code engineId} ({@code engine} null when there is none). */
    DataRoute route(String clientUuid, int engineId, EngineSession engine) {
        if (engine == null) {
            return new DataRoute(engineId, "", "no engine " + engineId + " is connected");
        }
        String address = engine.hello.dataAddress();
        if (address == null || address.isEmpty()) {
            return new DataRoute(engineId, "", engine.describe() + " has no data port");
        }
        byte[] wrapped = LinkKeys.wrap(enginesKey, clientUuid, LinkKeys.forClient(clusterKey, clientUuid));
        engine.channel.writeAndFlush(Envelope.of(0, new DataKey(clientUuid, wrapped)), engine.channel.voidPromise());
        return new DataRoute(engineId, address, "");
    }
}
