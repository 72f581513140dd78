package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.Envelope;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything the controller sends, and when. Writes are flushed once per batch of reads, not per
 * message. A client hears that its tasks are accepted only after the store's commit that recorded
 * them; commits are grouped (at most one per {@code commitInterval}), and results never wait for
 * one, so the grouping costs no latency and a task that starts and ends between two commits costs
 * the file nothing. Controller's thread only.
 */
final class Outbox {
    private final TaskStore store;
    private final GroupCommit commits;
    private final ScheduledExecutorService timer;
    private final long commitIntervalNanos;
    /** Channels written to since the last flush. */
    private final Set<Channel> unflushed = new HashSet<>();
    /** Clients owed an {@link Accepted}, with the last task id read from each. */
    private final Map<ClientSession, Long> acksDue = new LinkedHashMap<>();
    private long lastCommitNanos = System.nanoTime();
    private boolean commitTimerSet;

    /** @param timer the controller's event loop, for the commit timer */
    Outbox(TaskStore store, GroupCommit commits, ScheduledExecutorService timer, Duration commitInterval) {
        this.store = store;
        this.commits = commits;
        this.timer = timer;
        this.commitIntervalNanos = commitInterval.toNanos();
    }

    /**
     * Written now, flushed at the end of the read batch. A closed channel gets nothing: Netty would
     * drop the envelope, which is not reference-counted, and so leak the value it carries.
     */
    void send(Channel channel, Envelope envelope) {
        if (!channel.isActive()) {
            envelope.message().release();
            return;
        }
        channel.write(envelope, channel.voidPromise());
        unflushed.add(channel);
    }

    /** Tells the client, after the next commit, that its tasks up to {@code clientTaskId} are accepted. */
    void ackLater(ClientSession client, long clientTaskId) {
        acksDue.put(client, clientTaskId);
    }

    /** Flushes every channel written since the last call, committing first when a commit is due. */
    void flush() {
        long now = System.nanoTime();
        long wait = commitIntervalNanos - (now - lastCommitNanos);
        if (!store.durable() || wait <= 0) {
            commit(now);
        } else if (!commitTimerSet && !timer.isShutdown() && (!acksDue.isEmpty() || store.unsaved())) {
            // a timer only when something waits: an idle controller's wake-ups are what it costs
            commitTimerSet = true;
            timer.schedule(() -> {
                commitTimerSet = false;
                commit(System.nanoTime());
                flushChannels();
            }, wait, TimeUnit.NANOSECONDS);
        }
        flushChannels();
    }

    /** Records everything so far, then (once that is durable) tells clients which of their tasks are safe. */
    private void commit(long now) {
        lastCommitNanos = now;
        if (acksDue.isEmpty()) {
            if (store.unsaved()) {
                commits.commit(() -> { });
            }
            return;
        }
        List<Map.Entry<ClientSession, Long>> due = new ArrayList<>(acksDue.size());
        acksDue.forEach((client, upTo) -> due.add(Map.entry(client, upTo)));
        acksDue.clear();
        commits.commit(() -> {
            for (Map.Entry<ClientSession, Long> e : due) {
                if (e.getKey().connected()) {
                    send(e.getKey().channel(), Envelope.of(0, new Accepted(e.getValue())));
                }
            }
            flushChannels();
        });
    }

    private void flushChannels() {
        for (Channel c : unflushed) {
            c.flush();
        }
        unflushed.clear();
    }
}
