package dev.jcluster.controller;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks one of the engines that can take a load-balanced task now. */
interface LoadBalancer {
    /** {@code candidates} is never empty. */
    EngineSession pick(List<EngineSession> candidates);

    static LoadBalancer of(ControllerConfig.Scheduling scheduling) {
        return switch (scheduling) {
            case LEAST_LOAD -> LoadBalancer::leastLoaded;
            case RANDOM -> candidates -> candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
            case ROUND_ROBIN -> new RoundRobin();
        };
    }

    private static EngineSession leastLoaded(List<EngineSession> candidates) {
        EngineSession best = candidates.get(0);
        for (EngineSession e : candidates) {
            if (e.inFlight.size() < best.inFlight.size()) {
                best = e;
            }
        }
        return best;
    }

    /** Stateful: the next engine after the last one chosen, by id. */
    final class RoundRobin implements LoadBalancer {
        private int last = -1;

        @Override
        public EngineSession pick(List<EngineSession> candidates) {
            EngineSession next = null;
            for (EngineSession e : candidates) {
                if (e.id > last && (next == null || e.id < next.id)) {
                    next = e;
                }
            }
            if (next == null) {
                next = candidates.stream().min((a, b) -> Integer.compare(a.id, b.id)).orElseThrow();
            }
            last = next.id;
            return next;
        }
    }
}
