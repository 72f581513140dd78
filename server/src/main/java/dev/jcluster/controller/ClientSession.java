package dev.jcluster.controller;

import dev.jcluster.protocol.Result;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client, known by its uuid across reconnects (and controller restarts) so results wait for it
 * while it is away. Controller's thread only.
 */
final class ClientSession {
    final String uuid;
    private Channel channel;
    /** Its tasks still queued or running, by the client's task id. */
    private final Map<Long, TaskRecord> tasks = new HashMap<>();
    /** Results sent (or waiting to be) that the client has not confirmed, by its task id, oldest first. */
    private final LinkedHashMap<Long, Untaken> untaken = new LinkedHashMap<>();
    /**
     * Of those, the ones not yet written to its connection, oldest first: results are written only
     * while the connection takes them, so a client that stops reading holds up only its own. The
     * second list is the first's in memory, for letting go of the oldest of them in turn.
     */
    private final ArrayDeque<Untaken> unsent = new ArrayDeque<>();
    private final LinkedHashMap<Long, Untaken> unsentInMemory = new LinkedHashMap<>();
    /** When it went away (or, restored from a store, when the controller started). */
    private long awaySinceNanos = System.nanoTime();

    /** A result until the client takes it; {@code result} null when only the store holds it. */
    static final class Untaken {
        final long taskId;
        /** The bytes of its value, counted against the controller's budget while held in memory. */
        final long bytes;
        private Result result;

        Untaken(long taskId, Result result) {
            this.taskId = taskId;
            this.result = result;
            this.bytes = result == null || result.value() == null ? 0 : result.value().readableBytes();
        }

        Result result() {
            return result;
        }

        /** Lets go of the copy in memory; true when there was one. */
        boolean release() {
            if (result == null) {
                return false;
            }
            result.release();
            result = null;
            return true;
        }
    }

    /** SHA-256 of the secret its first hello set; null until then. */
    private byte[] secretHash;

    ClientSession(String uuid, Channel channel) {
        this.uuid = uuid;
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    /**
     * Whether a hello with {@code secret} may open this session: the first sets the secret, later
     * ones must bring the same. An empty secret opens nothing.
     */
    boolean admits(String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] hash = sha256(secret);
        if (secretHash == null) {
            secretHash = hash;
            return true;
        }
        return MessageDigest.isEqual(secretHash, hash);
    }

    /** Set once, by its first hello; kept in the store so that a restored controller knows it. */
    byte[] secretHash() {
        return secretHash;
    }

    void restoreSecretHash(byte[] hash) {
        secretHash = hash.clone();
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean connected() {
        return channel != null && channel.isActive();
    }

    void connectedOn(Channel newChannel) {
        channel = newChannel;
    }

    void disconnected() {
        channel = null;
        unsent.clear();
        unsentInMemory.clear();
        awaySinceNanos = System.nanoTime();
    }

    long awaySinceNanos() {
        return awaySinceNanos;
    }

    boolean knows(long clientTaskId) {
        return tasks.containsKey(clientTaskId) || untaken.containsKey(clientTaskId);
    }

    /** Nothing of it is queued, running or waiting to be taken. */
    boolean settled() {
        return tasks.isEmpty() && untaken.isEmpty();
    }

    boolean hasTasks() {
        return !tasks.isEmpty();
    }

    void track(TaskRecord task) {
        tasks.put(task.clientTaskId, task);
    }

    void untrack(TaskRecord task) {
        tasks.remove(task.clientTaskId);
    }

    TaskRecord task(long clientTaskId) {
        return tasks.get(clientTaskId);
    }

    /** Oldest first. */
    Collection<Untaken> untaken() {
        return Collections.unmodifiableCollection(untaken.values());
    }

    /** Everything it was owed, now no longer owed (it is being forgotten). */
    List<Untaken> takeAllUntaken() {
        List<Untaken> all = new ArrayList<>(untaken.values());
        untaken.clear();
        unsent.clear();
        unsentInMemory.clear();
        return all;
    }

    /** To be written when its connection takes it, after those before it. */
    void sendLater(Untaken result) {
        unsent.add(result);
        if (result.result() != null) {
            unsentInMemory.put(result.taskId, result);
        }
    }

    /** The oldest result not yet written, now taken off that list to be written; null when none is left. */
    Untaken nextUnsent() {
        Untaken next = unsent.poll();
        if (next != null) {
            unsentInMemory.remove(next.taskId);
        }
        return next;
    }

    boolean hasUnsent() {
        return !unsent.isEmpty();
    }

    /** The oldest result not yet written that is still held in memory, taken off that list; null when none is. */
    Untaken takeOldestUnsentInMemory() {
        Iterator<Untaken> oldest = unsentInMemory.values().iterator();
        if (!oldest.hasNext()) {
            return null;
        }
        Untaken u = oldest.next();
        oldest.remove();
        return u;
    }

    /** The oldest result still held in memory, by the client's task id; null when none is. */
    Map.Entry<Long, Untaken> oldestInMemory() {
        for (Map.Entry<Long, Untaken> e : untaken.entrySet()) {
            if (e.getValue().result() != null) {
                return e;
            }
        }
        return null;
    }

    int untakenCount() {
        return untaken.size();
    }

    void owed(long clientTaskId, Untaken result) {
        untaken.put(clientTaskId, result);
    }

    /** The client has it: no longer owed; null when it was not. */
    Untaken confirmed(long clientTaskId) {
        return untaken.remove(clientTaskId);
    }
}
