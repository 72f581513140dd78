package dev.jcluster.controller;

import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Envelope;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classes on demand: an engine asks for a class of the client whose task it runs, the controller
 * passes the request on and the answer back. A request for a client that is away waits for it
 * (a restored controller's engines often ask before their clients are back), bounded per client.
 * Controller's thread only.
 */
final class ClassRelay {
    private static final Logger log = LoggerFactory.getLogger(ClassRelay.class);
    static final int MAX_PARKED_PER_CLIENT = 10_000;

    private final Outbox outbox;
    /** Requests passed to a client, by the message id the controller gave them. */
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Requests for clients that are away, by client uuid. */
    private final Map<String, List<Parked>> parked = new HashMap<>();
    private long nextMessageId = 1;

    /** A request sent to {@code asked}: only that client's answer is passed on. */
    private record Pending(ClientSession asked, Channel engine, long engineMessageId) {
    }

    private record Parked(Channel engine, long engineMessageId, ClassRequest request) {
    }

    ClassRelay(Outbox outbox) {
        this.outbox = outbox;
    }

    /** {@code client}: the one that submitted the task, or null when the controller does not know it. */
    void request(ClientSession client, Channel engine, long engineMessageId, ClassRequest request) {
        if (client == null) {
            outbox.send(engine, Envelope.reply(engineMessageId, ClassData.notFound(request.resourceName())));
        } else if (client.connected()) {
            forward(client, engine, engineMessageId, request);
        } else {
            List<Parked> waiting = parked.computeIfAbsent(client.uuid, u -> new ArrayList<>());
            if (waiting.size() < MAX_PARKED_PER_CLIENT) {
                waiting.add(new Parked(engine, engineMessageId, request));
            } else {
                outbox.send(engine, Envelope.reply(engineMessageId, ClassData.notFound(request.resourceName())));
            }
        }
    }

    /**
     * {@code from}'s answer to the request the controller sent as {@code replyTo}. An answer from a
     * client that was not asked is dropped: classes run on engines, so only the task's own client
     * may supply them.
     */
    void reply(ClientSession from, long replyTo, ClassData data) {
        Pending p = pending.get(replyTo);
        if (p == null) {
            return;
        }
        if (p.asked() != from) {
            log.warn("client {} answered a class request sent to client {}; dropped", from.uuid, p.asked().uuid);
            return;
        }
        pending.remove(replyTo);
        if (p.engine().isActive()) {
            outbox.send(p.engine(), Envelope.reply(p.engineMessageId(), data));
        }
    }

    /** The client is connected again: what waited for it goes to it now. */
    void clientBack(ClientSession client) {
        List<Parked> waiting = parked.remove(client.uuid);
        if (waiting != null) {
            waiting.forEach(p -> forward(client, p.engine(), p.engineMessageId(), p.request()));
        }
    }

    /** The client is forgotten: nobody will answer what waited for it, or what it was asked. */
    void clientForgotten(ClientSession client) {
        parked.remove(client.uuid);
        pending.values().removeIf(p -> p.asked() == client);
    }

    int parkedFor(ClientSession client) {
        List<Parked> waiting = parked.get(client.uuid);
        return waiting == null ? 0 : waiting.size();
    }

    private void forward(ClientSession client, Channel engine, long engineMessageId, ClassRequest request) {
        long id = nextMessageId++;
        pending.put(id, new Pending(client, engine, engineMessageId));
        outbox.send(client.channel(), Envelope.of(id, request));
    }
}
