package dev.jcluster.controller;

import dev.jcluster.protocol.Hello;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;

/** One registration of one engine. A reconnect is a new session with the same id. */
final class EngineSession {
    final int id;
    final long session;
    final Hello hello;
    final Channel channel;
    final Map<Long, TaskRecord> inFlight = new LinkedHashMap<>();
    long lastSeenNanos = System.nanoTime();
    long tasksDone;
    long tasksFailed;
    int loadBalancedOutstanding;
    /** How many load-balanced tasks it may hold: more while its tasks are short. */
    final Prefetch prefetch;
    final EngineLoad load = new EngineLoad();
    boolean lost;
    /** Why the engine takes no more tasks (its job's walltime is near), or null while it does. */
    String draining;

    EngineSession(int id, long session, Hello hello, Channel channel, Prefetch prefetch) {
        this.id = id;
        this.prefetch = prefetch;
        this.session = session;
        this.hello = hello;
        this.channel = channel;
    }

    String describe() {
        return "engine " + id + " on " + hello.host() + " (pid " + hello.pid() + ")";
    }
}
