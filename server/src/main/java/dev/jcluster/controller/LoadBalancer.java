package dev.jcluster.controller;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Picks one of the engines that can take a load-balanced task now, or null when none is acceptable. */
interface LoadBalancer {
    EngineSession pick(OpenEngines open, Predicate<EngineSession> acceptable);

    static LoadBalancer of(ControllerConfig.Scheduling scheduling) {
        return switch (scheduling) {
            case LEAST_LOAD -> OpenEngines::leastLoaded;
            case RANDOM -> (open, ok) -> {
                List<EngineSession> candidates = open.all(ok);
                return candidates.isEmpty() ? null : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
            };
            case ROUND_ROBIN -> new RoundRobin();
        };
    }

    /** Stateful: the next engine after the last one chosen, by id. */
    final class RoundRobin implements LoadBalancer {
        private int last = -1;

        @Override
        public EngineSession pick(OpenEngines open, Predicate<EngineSession> ok) {
            List<EngineSession> candidates = open.all(ok);
            if (candidates.isEmpty()) {
                return null;
            }
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
