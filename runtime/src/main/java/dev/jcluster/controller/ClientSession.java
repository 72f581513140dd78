package dev.jcluster.controller;

import dev.jcluster.protocol.Result;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A client, known by its uuid across reconnects (and controller restarts) so results wait for it while it is away. */
final class ClientSession {
    final String uuid;
    Channel channel;
    /** Its tasks still queued or running, by the client's task id. */
    final Map<Long, TaskRecord> tasks = new HashMap<>();
    /** Results sent (or waiting to be) that the client has not confirmed, by its task id, oldest first. */
    final LinkedHashMap<Long, Untaken> untaken = new LinkedHashMap<>();
    /** When it went away (or, restored from a store, when the controller started). */
    long awaySinceNanos = System.nanoTime();
    /** The last task id read from it whose acceptance it has not been told yet, or -1. */
    long ackDue = -1;

    /** A result until the client takes it; {@code result} null when only the store holds it. */
    static final class Untaken {
        final long taskId;
        Result result;

        Untaken(long taskId, Result result) {
            this.taskId = taskId;
            this.result = result;
        }
    }

    ClientSession(String uuid, Channel channel) {
        this.uuid = uuid;
        this.channel = channel;
    }

    boolean connected() {
        return channel != null && channel.isActive();
    }

    boolean knows(long clientTaskId) {
        return tasks.containsKey(clientTaskId) || untaken.containsKey(clientTaskId);
    }
}
