package dev.jcluster.controller;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The engines that can take another load-balanced task, bucketed by how many they have, so that
 * the least loaded one is found without looking at every engine (a controller may hold 10,000).
 * Within a bucket the engine waiting longest comes first. An engine is open while it holds fewer
 * than its own {@link Prefetch#limit()}. Used only on the controller's thread.
 */
final class OpenEngines {
    private final int cap;
    private final List<LinkedHashSet<EngineSession>> byLoad = new ArrayList<>();
    private int size;

    /** {@code cap}: the highest limit any engine can have. */
    OpenEngines(int cap) {
        this.cap = cap;
        for (int i = 0; i < cap; i++) {
            byLoad.add(new LinkedHashSet<>());
        }
    }

    void add(EngineSession e) {
        int load = e.loadBalancedOutstanding();
        if (e.takesLoadBalanced() && load < Math.min(cap, e.prefetch.limit()) && byLoad.get(load).add(e)) {
            size++;
        }
    }

    void remove(EngineSession e) {
        int load = e.loadBalancedOutstanding();
        if (load < cap && byLoad.get(load).remove(e)) {
            size--;
        }
    }

    /** Moves an engine whose load-balanced count was {@code before} to where its count (and limit) says now. */
    void loadChanged(EngineSession e, int before) {
        if (before < cap && byLoad.get(before).remove(e)) {
            size--;
        }
        add(e);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The least loaded engine that {@code ok} accepts, or null. */
    EngineSession leastLoaded(Predicate<EngineSession> ok) {
        for (LinkedHashSet<EngineSession> bucket : byLoad) {
            for (EngineSession e : bucket) {
                if (ok.test(e)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Every open engine that {@code ok} accepts (for the strategies that are not least-load). */
    List<EngineSession> all(Predicate<EngineSession> ok) {
        List<EngineSession> out = new ArrayList<>(size);
        for (LinkedHashSet<EngineSession> bucket : byLoad) {
            for (EngineSession e : bucket) {
                if (ok.test(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
