package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Taken;
import io.netty.channel.Channel;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results on their way to clients: each goes out as soon as its client's connection takes it
 * (written while the channel is writable, the rest when it is again) and is kept (in memory, and
 * in the store when there is one) until the client confirms it. At most {@code maxInMemory}
 * results and {@code maxBytesInMemory} of their values are held in memory; past either, the oldest
 * of a client that is away, or else (with a store) the oldest a connected client has not read yet,
 * are kept in the store only; with no store, an away client's are dropped with a warning, a
 * connected client's never. So a client that stops reading costs the controller its store, not
 * its memory. Controller's thread only.
 */
final class HeldResults {
    private static final Logger log = LoggerFactory.getLogger(HeldResults.class);

    private final TaskStore store;
    private final Outbox outbox;
    private final int maxInMemory;
    private final long maxBytesInMemory;
    /** Results held in memory for clients, not yet taken, and the bytes of their values. */
    private int held;
    private long heldBytes;

    HeldResults(TaskStore store, Outbox outbox, int maxInMemory, long maxBytesInMemory) {
        this.store = store;
        this.outbox = outbox;
        this.maxInMemory = maxInMemory;
        this.maxBytesInMemory = maxBytesInMemory;
    }

    /** Sends or keeps the result of the controller's task {@code taskId}; then keeps memory within its budget. */
    void deliver(ClientSession client, long taskId, Result result, Iterable<ClientSession> clients) {
        ClientSession.Untaken untaken = new ClientSession.Untaken(taskId, result);
        client.owed(result.taskId(), untaken);
        held++;
        heldBytes += untaken.bytes;
        if (client.connected()) {
            client.sendLater(untaken);
            sendWhileWritable(client);
        }
        while ((held > maxInMemory || heldBytes > maxBytesInMemory) && letGoOfOldest(clients)) {
            // one at a time, oldest first
        }
    }

    /** Writes the client's unsent results, oldest first, while its connection takes them. */
    void sendWhileWritable(ClientSession client) {
        if (!client.connected()) {
            return;
        }
        Channel channel = client.channel();
        ClientSession.Untaken u;
        while (channel.isWritable() && (u = client.nextUnsent()) != null) {
            Result r = u.result() != null ? u.result().withValue(u.result().value().retainedDuplicate())
                    : store.result(u.taskId);
            if (r != null) {
                outbox.send(channel, Envelope.of(0, r));
            }
        }
    }

    /** A result a controller that died left in its store, for a client not back yet: read again when it is. */
    void restored(ClientSession client, TaskStore.StoredResult stored) {
        stored.result().release();
        client.owed(stored.result().taskId(), new ClientSession.Untaken(stored.taskId(), null));
    }

    /** What a reconnected client has not confirmed may have died in the old connection's buffers: all of it again. */
    void resendTo(ClientSession client) {
        for (ClientSession.Untaken u : client.untaken()) {
            client.sendLater(u);
        }
        sendWhileWritable(client);
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
        letGo(u);
        store.taken(u.taskId);
    }

    private void letGo(ClientSession.Untaken u) {
        if (u.release()) {
            held--;
            heldBytes -= u.bytes;
        }
    }

    /**
     * Lets go of one result in memory: the oldest of a client that is away goes to the store only
     * or, with no store, is dropped; else, with a store, the oldest a connected client has not
     * read yet goes to the store only. False when there is none to let go of.
     */
    private boolean letGoOfOldest(Iterable<ClientSession> clients) {
        for (ClientSession c : clients) {
            Map.Entry<Long, ClientSession.Untaken> oldest = c.connected() ? null : c.oldestInMemory();
            if (oldest == null) {
                continue;
            }
            letGo(oldest.getValue());
            if (!store.durable()) {
                c.confirmed(oldest.getKey());
                log.warn("dropped an untaken result of client {}: more than {} results or {} of values are waiting "
                        + "for clients and this controller has no store", c.uuid, maxInMemory,
                        ValueLimits.bytes(maxBytesInMemory));
            }
            return true;
        }
        if (store.durable()) {
            for (ClientSession c : clients) {
                ClientSession.Untaken unread = c.connected() ? c.takeOldestUnsentInMemory() : null;
                if (unread != null) {
                    letGo(unread);
                    return true;
                }
            }
        }
        return false;
    }
}
