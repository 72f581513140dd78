package dev.jcluster.controller.store;

import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.MessageCodec;
import dev.jcluster.protocol.MessageType;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Submit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task store in an H2 MVStore file in the cluster's folder. A record is the message as the
 * wire lays it out (fields, then value) behind a short header; values larger than
 * {@link #INLINE_LIMIT} go to their own files ({@link Blobs}), so that a 100 MB push is one
 * sequential write instead of a page the store keeps rewriting. A commit writes to the file
 * without fsync: that survives the controller's death (kill -9), not the machine's.
 *
 * <p>New records wait in hash maps until {@link #stage()} moves them into the store's maps just
 * before a commit, so a task accepted, finished and taken between two commits (most short ones)
 * costs two hash-map entries instead of four updates of the store's copy-on-write pages. Reads
 * look in both.
 */
public final class MvTaskStore implements TaskStore {
    private static final Logger log = LoggerFactory.getLogger(MvTaskStore.class);
    static final int INLINE_LIMIT = 64 * 1024;
    private static final int RETENTION_MILLIS = 1_000;
    private static final byte INLINE = 0;
    private static final byte IN_BLOB = 1;

    private final MVStore store;
    private final MVMap<Long, byte[]> tasks;
    private final MVMap<Long, byte[]> results;
    private final MVMap<String, Long> meta;
    /** Opened on the first note, not before: an opened empty map made every commit of the store slower. */
    private MVMap<String, String> notes;
    /** Clients' session secrets, hashed (SHA-256), by uuid. */
    private final MVMap<String, byte[]> clientSecrets;
    /** Load-balanced tasks waiting in the store only, oldest first: task id to its client key. */
    private final MVMap<Long, String> spilled;
    private final MVMap<String, Long> spilledByClient;
    private final Blobs blobs;
    private final Quarantine quarantine;
    /** Accepted and finished since the last {@link #stage()}; the controller's thread only. */
    private final Map<Long, byte[]> newTasks = new HashMap<>();
    private final Map<Long, byte[]> newResults = new HashMap<>();
    /** Written on the controller's thread, recorded by commits on the store's own thread. */
    private volatile long lastTaskId;
    private int highestEngineId = -1;

    private MvTaskStore(MVStore store, Blobs blobs, Quarantine quarantine) {
        this.store = store;
        this.blobs = blobs;
        this.quarantine = quarantine;
        this.tasks = store.openMap("tasks");
        this.results = store.openMap("results");
        this.meta = store.openMap("meta");
        this.notes = store.hasMap("notes") ? store.openMap("notes") : null;
        this.clientSecrets = store.openMap("clients");
        this.spilled = store.openMap("spilled");
        this.spilledByClient = store.openMap("spilledByClient");
        this.lastTaskId = meta.getOrDefault("lastTaskId", 0L);
        this.highestEngineId = meta.getOrDefault("highestEngineId", -1L).intValue();
    }

    /** Opens (or creates) the store; fails if another controller has it open. */
    public static MvTaskStore open(Path file) throws IOException {
        try {
            MVStore store = new MVStore.Builder().fileName(file.toString()).open();
            // old chunks are kept for a machine crash's sake (45 s by default); we promise to survive the
            // controller's death, not the machine's, and thousands of tasks a second would grow the file by GBs
            store.setRetentionTime(RETENTION_MILLIS);
            Blobs blobs = new Blobs(Path.of(file + ".blobs"));
            ownerOnly(file, "rw-------");
            ownerOnly(Path.of(file + ".blobs"), "rwx------");
            return new MvTaskStore(store, blobs, new Quarantine(file));
        } catch (MVStoreException e) {
            throw new IOException("cannot open the task store " + file + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("locked")
                    ? " (is another controller of this cluster still running?)" : ""), e);
        }
    }

    /** Tasks carry the user's data: only the owner reads them, as with the connection file. */
    private static void ownerOnly(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // the folder's own permissions protect it
        }
    }

    /** Removes a store and its value files (a new cluster starts empty). */
    public static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        Path blobs = Path.of(file + ".blobs");
        if (Files.isDirectory(blobs)) {
            try (var files = Files.list(blobs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Override
    public void accepted(long taskId, String clientUuid, long submittedAt, Submit submit) {
        ByteBuf out = Unpooled.buffer(128);
        writeString(out, clientUuid);
        out.writeLong(submittedAt);
        newTasks.put(taskId, record(out, submit, 't', taskId));
        lastTaskId = Math.max(lastTaskId, taskId);
    }

    @Override
    public void finished(long taskId, String clientUuid, Result forwarded) {
        forgetTask(taskId);
        lastTaskId = Math.max(lastTaskId, taskId);  // a task refused on arrival was never accepted
        ByteBuf out = Unpooled.buffer(128);
        writeString(out, clientUuid);
        newResults.put(taskId, record(out, forwarded, 'r', taskId));
    }

    @Override
    public void taken(long taskId) {
        byte[] result = remove(newResults, results, taskId);
        if (result != null && where(result, false) == IN_BLOB) {
            blobs.delete('r', taskId);
        }
        forgetTask(taskId);
    }

    /** Removes a task's record, and its value file if it has one (most do not: a file is for a large value). */
    private void forgetTask(long taskId) {
        byte[] task = remove(newTasks, tasks, taskId);
        if (task != null && where(task, true) == IN_BLOB) {
            blobs.delete('t', taskId);
        }
    }

    /** A record staged or not yet: those not yet staged are the newer. */
    private static byte[] get(Map<Long, byte[]> unstaged, Map<Long, byte[]> stored, long id) {
        byte[] record = unstaged.get(id);
        return record != null ? record : stored.get(id);
    }

    private static byte[] remove(Map<Long, byte[]> unstaged, Map<Long, byte[]> stored, long id) {
        byte[] record = unstaged.remove(id);
        return record != null ? record : stored.remove(id);
    }

    /** Where a record's value lives: the byte after its header (client uuid; for a task, its submission time). */
    private static byte where(byte[] record, boolean task) {
        int uuidLength = ((record[0] & 0xff) << 8) | (record[1] & 0xff);
        return record[2 + uuidLength + (task ? Long.BYTES : 0)];
    }

    @Override
    public Result result(long taskId) {
        byte[] bytes = get(newResults, results, taskId);
        return bytes == null ? null : readResult(taskId, bytes).result();
    }

    @Override
    public ByteBuf taskValue(long taskId) {
        byte[] bytes = get(newTasks, tasks, taskId);
        if (bytes == null) {
            return null;
        }
        return readTask(taskId, bytes).submit().spec().value();
    }

    @Override
    public void spill(long taskId, String clientUuid, long clientTaskId) {
        byte[] task = newTasks.remove(taskId);
        if (task != null) {
            tasks.put(taskId, task);  // a spilled task waits long: it is read back from the map
        }
        String key = clientKey(clientUuid, clientTaskId);
        spilled.put(taskId, key);
        spilledByClient.put(key, taskId);
    }

    @Override
    public List<StoredTask> unspill(int n) {
        List<StoredTask> out = new ArrayList<>(Math.min(n, 1024));
        Long id = spilled.isEmpty() ? null : spilled.firstKey();
        while (id != null && out.size() < n) {
            Long next = spilled.higherKey(id);
            String key = spilled.remove(id);
            spilledByClient.remove(key);
            byte[] bytes = tasks.get(id);
            StoredTask task = bytes == null ? null : readTaskOrSetAside(id, bytes);
            if (task != null) {
                out.add(task);
            }
            id = next;
        }
        return out;
    }

    @Override
    public StoredTask unspill(String clientUuid, long clientTaskId) {
        Long id = spilledByClient.remove(clientKey(clientUuid, clientTaskId));
        if (id == null) {
            return null;
        }
        spilled.remove(id);
        byte[] bytes = tasks.get(id);
        return bytes == null ? null : readTaskOrSetAside(id, bytes);
    }

    @Override
    public boolean isSpilled(String clientUuid, long clientTaskId) {
        return spilledByClient.containsKey(clientKey(clientUuid, clientTaskId));
    }

    private static String clientKey(String clientUuid, long clientTaskId) {
        return clientUuid + ":" + clientTaskId;
    }

    @Override
    public void clientAdmitted(String clientUuid, byte[] secretHash) {
        clientSecrets.put(clientUuid, secretHash.clone());
    }

    @Override
    public void clientForgotten(String clientUuid) {
        clientSecrets.remove(clientUuid);
    }

    @Override
    public void engineIdUsed(int id) {
        if (id > highestEngineId) {
            highestEngineId = id;
            meta.put("highestEngineId", (long) id);
        }
    }

    @Override
    public void note(String key, String text) {
        if (notes == null) {
            notes = store.openMap("notes");
        }
        if (text.isEmpty()) {
            notes.remove(key);
        } else {
            notes.put(key, text);
        }
    }

    @Override
    public boolean unsaved() {
        return store.hasUnsavedChanges() || !newTasks.isEmpty() || !newResults.isEmpty() || blobs.unsaved();
    }

    @Override
    public void stage() {
        newTasks.forEach(tasks::put);
        newTasks.clear();
        newResults.forEach(results::put);
        newResults.clear();
        blobs.stage();
    }

    /** Value files first: a record committed names only files that are there. */
    @Override
    public void commit() {
        blobs.writeStaged();
        if (!store.hasUnsavedChanges()) {
            return;
        }
        meta.put("lastTaskId", lastTaskId);
        store.commit();
    }

    @Override
    public Contents contents() {
        List<StoredTask> stored = new ArrayList<>();
        List<Map.Entry<Long, byte[]>> damagedTasks = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : new ArrayList<>(tasks.entrySet())) {
            if (!spilled.containsKey(e.getKey())) {
                StoredTask task = readTaskOrSetAside(e.getKey(), e.getValue());
                if (task != null) {
                    stored.add(task);
                } else {
                    damagedTasks.add(e);
                }
            }
        }
        List<StoredResult> kept = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : damagedTasks) {
            StoredResult failure = failureOfDamaged(e.getKey(), e.getValue());
            if (failure != null) {
                kept.add(failure);
            }
        }
        for (Map.Entry<Long, byte[]> e : new ArrayList<>(results.entrySet())) {
            try {
                kept.add(readResult(e.getKey(), e.getValue()));
            } catch (RuntimeException damaged) {
                quarantine.setAside("result", e.getKey(), e.getValue(), damaged);
                results.remove(e.getKey());
            }
        }
        long next = Math.max(lastTaskId, Math.max(tasks.isEmpty() ? 0 : tasks.lastKey(),
                results.isEmpty() ? 0 : results.lastKey())) + 1;
        int removed = blobs.deleteAllBut(tasks.keySet(), results.keySet());
        if (removed > 0) {
            log.info("removed {} value file(s) of the store that no record named (written as the controller died)",
                    removed);
        }
        return new Contents(stored, kept, next, highestEngineId + 1, spilled.sizeAsLong(), Map.copyOf(clientSecrets),
                notes == null ? Map.of() : Map.copyOf(notes));
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public long size() {
        return tasks.sizeAsLong() + results.sizeAsLong() + newTasks.size() + newResults.size();
    }

    @Override
    public void close() {
        try {
            stage();  // the controller's thread has ended: what it recorded last goes with the close
            blobs.writeStaged();
            store.close();
        } catch (MVStoreException e) {
            log.warn("closing the task store: {}", e.getMessage());
        }
    }

    private byte[] record(ByteBuf out, Message message, char kind, long taskId) {
        ByteBuf value = message.value();
        int size = value == null ? 0 : value.readableBytes();
        if (size > INLINE_LIMIT) {
            out.writeByte(IN_BLOB);
            message.writeFields(out);
            blobs.write(kind, taskId, value);
        } else {
            out.writeByte(INLINE);
            message.writeFields(out);
            if (size > 0) {
                out.writeBytes(value, value.readerIndex(), size);
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** The task of this record; null when the record is damaged (then it is set aside and gone from the store). */
    private StoredTask readTaskOrSetAside(long taskId, byte[] bytes) {
        try {
            return readTask(taskId, bytes);
        } catch (RuntimeException damaged) {
            quarantine.setAside("task", taskId, bytes, damaged);
            tasks.remove(taskId);
            return null;
        }
    }

    /**
     * A failure for the client of a damaged task record, when the record's start (the client and its
     * task id) can still be read: the client then hears of it instead of waiting forever.
     */
    private static StoredResult failureOfDamaged(long taskId, byte[] bytes) {
        try {
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            String client = readString(in);
            long submittedAt = in.readLong();
            in.readByte();
            long clientTaskId = in.readLong();
            return new StoredResult(taskId, client, Result.damagedInStore(clientTaskId, submittedAt,
                    "task " + clientTaskId + " could not be restored: its record in the controller's store is damaged"
                            + " (set aside in the store's quarantine folder); submit it again"));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private StoredTask readTask(long taskId, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        String client = readString(in);
        long submittedAt = in.readLong();
        byte where = in.readByte();
        Submit submit = (Submit) MessageCodec.decodeStored(MessageType.SUBMIT, in);
        if (where == IN_BLOB) {
            submit.spec().value().release();
            submit = submit.withSpec(submit.spec().withValue(blobs.read('t', taskId)));
        }
        return new StoredTask(taskId, client, submittedAt, submit);
    }

    private StoredResult readResult(long taskId, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        String client = readString(in);
        byte where = in.readByte();
        Result result = (Result) MessageCodec.decodeStored(MessageType.RESULT, in);
        if (where == IN_BLOB) {
            result.value().release();
            result = result.withValue(blobs.read('r', taskId));
        }
        return new StoredResult(taskId, client, result);
    }

    private static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.writeBytes(b);
    }

    private static String readString(ByteBuf in) {
        int n = in.readUnsignedShort();
        return in.readCharSequence(n, StandardCharsets.UTF_8).toString();
    }

    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException("task store: " + what + ": " + e.getMessage(), e);
    }
}
