package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients the controller knows, by uuid, connected or away: a client's results and class
 * requests wait for it across reconnects, for at most {@code keepUntaken}. Controller's thread only.
 */
final class Clients {
    private static final Logger log = LoggerFactory.getLogger(Clients.class);

    private final Map<String, ClientSession> clients = new HashMap<>();
    private final HeldResults results;
    private final ClassRelay classes;
    private final Functions functions;
    private final Outbox outbox;
    private final TaskStore store;
    private final Duration keepUntaken;
    private final ForgottenClients forgotten;

    Clients(HeldResults results, ClassRelay classes, Functions functions, Outbox outbox, TaskStore store,
            Duration keepUntaken, Duration forgottenGrace) {
        this.forgotten = new ForgottenClients(forgottenGrace.toNanos());
        this.results = results;
        this.store = store;
        this.classes = classes;
        this.functions = functions;
        this.outbox = outbox;
        this.keepUntaken = keepUntaken;
    }

    /**
     * A client connected (again): it is welcomed, and gets what it was owed and what waited for it.
     * Null when its hello does not bring the secret its session was opened with: a uuid alone
     * (which engines see with every task) resumes no session.
     */
    ClientSession connected(Hello hello, Channel channel, Welcome welcome) {
        ClientSession client = known(hello.uuid());
        forgotten.returned(hello.uuid());
        boolean first = client.secretHash() == null;
        if (!client.admits(hello.secret())) {
            return null;
        }
        if (first) {
            store.clientAdmitted(client.uuid, client.secretHash());
        }
        client.connectedOn(channel);
        outbox.send(channel, Envelope.of(0, welcome));
        results.resendTo(client);
        classes.clientBack(client);
        log.info("client {} connected from {}{}", hello.uuid(), channel.remoteAddress(), client.untakenCount() == 0
                ? "" : "; sending it " + client.untakenCount() + " result(s) it has not confirmed");
        return client;
    }

    /** The session of this uuid, made when the controller has not heard of it (a task or result read from the store). */
    ClientSession known(String uuid) {
        return clients.computeIfAbsent(uuid, u -> new ClientSession(u, null));
    }

    ClientSession get(String uuid) {
        return clients.get(uuid);
    }

    void disconnected(ClientSession client) {
        log.info("client {} disconnected", client.uuid);
        client.disconnected();
        if (client.settled()) {
            // nothing waits for it (`jcluster status` and the like): forget it, or sessions would pile up
            forget(client);
        }
    }

    /** Clients away longer than {@code keepUntaken} will not come back: their results go, so the store stays bounded. */
    void forgetAbandoned() {
        long now = System.nanoTime();
        for (Iterator<ClientSession> it = clients.values().iterator(); it.hasNext(); ) {
            ClientSession c = it.next();
            if (c.connected() || c.hasTasks() || now - c.awaySinceNanos() < keepUntaken.toNanos()) {
                continue;
            }
            if (c.untakenCount() > 0) {
                log.warn("client {} has been away for more than {}; its {} untaken result(s) are dropped", c.uuid,
                        keepUntaken, c.untakenCount());
            }
            results.dropAll(c);
            classes.clientForgotten(c);
            functions.forget(c.uuid);
            store.clientForgotten(c.uuid);
            forgotten.forgottenForGood(c.uuid);
            it.remove();
        }
    }

    private void forget(ClientSession client) {
        clients.remove(client.uuid);
        store.clientForgotten(client.uuid);
        classes.clientForgotten(client);
        functions.forget(client.uuid);
        forgotten.forgotten(client.uuid, System.nanoTime());
    }

    /** Forgotten clients that cannot come back any more: engines may drop what they keep for them. */
    List<String> goneForEngines() {
        return forgotten.due(System.nanoTime());
    }

    Collection<ClientSession> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    int connectedCount() {
        return (int) clients.values().stream().filter(ClientSession::connected).count();
    }

    long untakenCount() {
        return clients.values().stream().mapToLong(ClientSession::untakenCount).sum();
    }

    int size() {
        return clients.size();
    }
}
