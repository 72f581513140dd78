package dev.jcluster.controller;

import dev.jcluster.protocol.Hello;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;

/**
 * Every engine session the controller has known, by engine id (the newest session of each id),
 * and how many are live. Ids are never reused within a cluster, even across a controller's restart:
 * the store remembers the next one. Controller's thread only.
 */
final class EngineRegistry {
    private final TreeMap<Integer, EngineSession> engines = new TreeMap<>();
    private int nextEngineId;
    private long nextSession = 1;
    private int live;

    EngineRegistry(int nextEngineId) {
        this.nextEngineId = nextEngineId;
    }

    /** The id an engine asking for {@code requested} gets: that one, or the next free one when it asks for none. */
    int idFor(int requested) {
        if (requested >= 0) {
            return requested;
        }
        while (engines.containsKey(nextEngineId)) {
            nextEngineId++;
        }
        return nextEngineId++;
    }

    /** A new session for engine {@code id}, replacing any earlier one of that id. */
    EngineSession open(int id, Hello hello, Channel channel, Prefetch prefetch) {
        EngineSession session = new EngineSession(id, nextSession++, hello, channel, prefetch);
        engines.put(id, session);
        live++;
        return session;
    }

    /** Marks the session lost; false when it already was. */
    boolean lose(EngineSession engine) {
        if (!engine.markLost()) {
            return false;
        }
        live--;
        return true;
    }

    int live() {
        return live;
    }

    /**
     * Forgets sessions lost before {@code nanos} (System.nanoTime): status shows a lost engine for a
     * while, but engines coming and going for months must not grow the table. Its id stays used.
     */
    int forgetLostBefore(long nanos) {
        int before = engines.size();
        engines.values().removeIf(e -> e.lost() && e.lostAtNanos() - nanos < 0);
        return before - engines.size();
    }

    /** By id, lost sessions included. */
    Collection<EngineSession> all() {
        return Collections.unmodifiableCollection(engines.values());
    }

    /** A live engine of this id, or null. */
    EngineSession live(int id) {
        EngineSession e = engines.get(id);
        return e == null || e.lost() ? null : e;
    }

    String liveIds() {
        return engines.values().stream().filter(e -> !e.lost()).map(e -> String.valueOf(e.id)).toList().toString();
    }
}
