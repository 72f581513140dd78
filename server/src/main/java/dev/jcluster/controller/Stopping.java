package dev.jcluster.controller;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Engines and clients told to stop: some engines, or the whole cluster. Controller's thread only. */
final class Stopping {
    private static final Logger log = LoggerFactory.getLogger(Stopping.class);

    private final EngineRegistry engines;
    private final Clients clients;
    private final Outbox outbox;

    Stopping(EngineRegistry engines, Clients clients, Outbox outbox) {
        this.engines = engines;
        this.clients = clients;
        this.outbox = outbox;
    }

    /** Passes the request on; true when it stops the whole cluster (it names no engine). */
    boolean stop(Shutdown request) {
        if (request.engineIds().length > 0) {
            for (int id : request.engineIds()) {
                EngineSession e = engines.live(id);
                if (e != null) {
                    log.info("stopping {}: {}", e.describe(), request.reason());
                    outbox.send(e.channel, Envelope.of(0, request));
                }
            }
            return false;
        }
        log.info("cluster shutdown requested: {}", request.reason());
        for (EngineSession e : engines.all()) {
            if (!e.lost()) {
                outbox.send(e.channel, Envelope.of(0, request));
            }
        }
        // clients would otherwise wait for this controller to come back, as after a crash
        for (ClientSession c : clients.all()) {
            if (c.connected()) {
                outbox.send(c.channel(), Envelope.of(0, request));
            }
        }
        return true;
    }
}
