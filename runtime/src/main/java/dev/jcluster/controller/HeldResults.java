package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Taken;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results on their way to clients: each goes out at once if its client is connected and is kept
 * (in memory, and in the store when there is one) until the client confirms it. At most
 * {@code maxInMemory} are held in memory for clients that are away; past that the oldest are kept
 * in the store only or, with no store, dropped with a warning. Controller's thread only.
 */
final class HeldResults {
    private static final Logger log = LoggerFactory.getLogger(HeldResults.class);

    private final TaskStore store;
    private final Outbox outbox;
    private final int maxInMemory;
    /** Results held in memory for clients, not yet taken. */
    private int held;

    HeldResults(TaskStore store, Outbox outbox, int maxInMemory) {
        this.store = store;
        this.outbox = outbox;
        this.maxInMemory = maxInMemory;
    }

    /**
     * Sends or keeps the result of the controller's task {@code taskId}.
     *
     * @return true when more results are held than allowed: the caller lets go of the oldest with {@link #letGoOfOldest}
     */
    boolean deliver(ClientSession client, long taskId, Result result) {
        client.owed(result.taskId(), new ClientSession.Untaken(taskId, result));
        held++;
        if (client.connected()) {
            outbox.send(client.channel(), Envelope.of(0, result.withValue(result.value().retainedDuplicate())));
            return false;
        }
        return held > maxInMemory;
    }

    /** A result a controller that died left in its store, for a client not back yet: read again when it is. */
    void restored(ClientSession client, TaskStore.StoredResult stored) {
        stored.result().release();
        client.owed(stored.result().taskId(), new ClientSession.Untaken(stored.taskId(), null));
    }

    /** What a reconnected client has not confirmed may have died in the old connection's buffers: all of it again. */
    void resendTo(ClientSession client) {
        for (ClientSession.Untaken u : client.untaken()) {
            Result r = u.result() != null ? u.result().withValue(u.result().value().retainedDuplicate())
                    : store.result(u.taskId);
            if (r != null) {
                outbox.send(client.channel(), Envelope.of(0, r));
            }
        }
    }

    /** The client has these results: forget them. */
    void taken(ClientSession client, Taken taken) {
        for (long id : taken.taskIds()) {
            ClientSession.Untaken u = client.confirmed(id);
            if (u != null) {
                forget(u);
            }
        }
    }

    /** The client will not come back: everything it was owed goes, from memory and store. */
    void dropAll(ClientSession client) {
        client.takeAllUntaken().forEach(this::forget);
    }

    private void forget(ClientSession.Untaken u) {
        if (u.release()) {
            held--;
        }
        store.taken(u.taskId);
    }

    /** The oldest result held in memory for a client that is away goes to the store only, or, with no store, is dropped. */
    void letGoOfOldest(Iterable<ClientSession> clients) {
        for (ClientSession c : clients) {
            Map.Entry<Long, ClientSession.Untaken> oldest = c.connected() ? null : c.oldestInMemory();
            if (oldest == null) {
                continue;
            }
            oldest.getValue().release();
            held--;
            if (!store.durable()) {
                c.confirmed(oldest.getKey());
                log.warn("dropped an untaken result of client {}: more than {} results are waiting for clients "
                        + "and this controller has no store", c.uuid, maxInMemory);
            }
            return;
        }
    }
}
