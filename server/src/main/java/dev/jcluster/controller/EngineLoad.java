package dev.jcluster.controller;

import dev.jcluster.protocol.Heartbeat;

/**
 * An engine's load as its last heartbeat gave it, copied into fields its session keeps: storing
 * each beat's new record in the long-lived session would make G1 refine a card per beat.
 * Controller's thread only.
 */
final class EngineLoad {
    private long heapUsed;
    private long heapMax;
    private double cpuLoad;
    private long rss;

    void update(Heartbeat beat) {
        heapUsed = beat.heapUsed();
        heapMax = beat.heapMax();
        cpuLoad = beat.cpuLoad();
        rss = beat.rss();
    }

    long heapUsed() {
        return heapUsed;
    }

    long heapMax() {
        return heapMax;
    }

    double cpuLoad() {
        return cpuLoad;
    }

    long rss() {
        return rss;
    }
}
