package dev.jcluster.controller;

import dev.jcluster.protocol.Envelope;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A client, known by its uuid across reconnects so results wait for it while it is away. */
final class ClientSession {
    final String uuid;
    Channel channel;
    final Map<Long, TaskRecord> tasks = new HashMap<>();
    /** Results for this client while it is disconnected, oldest first. */
    final Deque<Envelope> retained = new ArrayDeque<>();

    ClientSession(String uuid, Channel channel) {
        this.uuid = uuid;
        this.channel = channel;
    }

    boolean connected() {
        return channel != null && channel.isActive();
    }
}
