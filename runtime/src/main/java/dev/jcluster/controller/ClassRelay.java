package dev.jcluster.controller;

import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Envelope;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classes on demand: an engine asks for a class of the client whose task it runs, the controller
 * passes the request on and the answer back. A request for a client that is away waits for it
 * (a restored controller's engines often ask before their clients are back), bounded per client.
 * Controller's thread only.
 */
final class ClassRelay {
    static final int MAX_PARKED_PER_CLIENT = 10_000;

    private final Outbox outbox;
    /** Requests passed to a client, by the message id the controller gave them. */
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Requests for clients that are away, by client uuid. */
    private final Map<String, List<Parked>> parked = new HashMap<>();
    private long nextMessageId = 1;

    private record Pending(Channel engine, long engineMessageId) {
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

    /** A client's answer to the request the controller sent as {@code replyTo}. */
    void reply(long replyTo, ClassData data) {
        Pending p = pending.remove(replyTo);
        if (p != null && p.engine().isActive()) {
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

    /** The client is forgotten: nobody will answer what waited for it. */
    void clientForgotten(ClientSession client) {
        parked.remove(client.uuid);
    }

    int parkedFor(ClientSession client) {
        List<Parked> waiting = parked.get(client.uuid);
        return waiting == null ? 0 : waiting.size();
    }

    private void forward(ClientSession client, Channel engine, long engineMessageId, ClassRequest request) {
        long id = nextMessageId++;
        pending.put(id, new Pending(engine, engineMessageId));
        outbox.send(client.channel(), Envelope.of(id, request));
    }
}
