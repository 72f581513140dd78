package dev.jcluster.controller.store;

import dev.jcluster.protocol.MappedValue;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Large task and result values of the store, one file each: {@code t<id>} for a task, {@code r<id>}
 * for a result. Files are written by the store's writer thread just before its commit, not by the
 * controller's thread when the value is recorded: a value of a gigabyte takes seconds to write,
 * and the controller's thread must keep reading heartbeats meanwhile. Until written, a value is
 * kept here (a reference, not a copy) and read from here. {@link #write}, {@link #read},
 * {@link #delete} and {@link #stage} on the controller's thread; {@link #writeStaged} on the
 * writer's, after {@link #stage} and before the next.
 *
 * <p>A value sent to many engines is one buffer that each engine's task holds: its first file is
 * written and the others are hard links to it, so a push of 100 MB to 32 engines writes 100 MB,
 * not 3.2 GB. A file is therefore never written in place: a new one replaces it.
 */
final class Blobs {
    private final Path dir;
    /** Values recorded but not yet in their files, by file name: each holds a reference of its own. */
    private final Map<String, ByteBuf> pending = new ConcurrentHashMap<>();
    /** Names recorded since the last stage, in order (the controller's thread). */
    private final List<String> recorded = new ArrayList<>();
    /** What the next {@link #writeStaged} writes: handed over by {@link #stage}. */
    private List<Staged> staged = new ArrayList<>();

    /** A value to write: the reference in {@link #pending} it came from, and one of its own while it is written. */
    private record Staged(String name, ByteBuf inPending, ByteBuf own) {
    }

    /**
     * Where a value's bytes are in memory ({@code base} an array, compared by identity, or null for
     * an address): two records with the same are the same bytes, held by both while staged.
     */
    private record Bytes(Object base, long offset, int length) {
        static Bytes of(ByteBuf value) {
            if (value.hasMemoryAddress()) {
                return new Bytes(null, value.memoryAddress() + value.readerIndex(), value.readableBytes());
            }
            if (value.hasArray()) {
                return new Bytes(value.array(), value.arrayOffset() + value.readerIndex(), value.readableBytes());
            }
            return null;
        }
    }

    Blobs(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    private static String name(char kind, long taskId) {
        return kind + Long.toString(taskId);
    }

    /** Records the value; its file is written by the next commit. */
    void write(char kind, long taskId, ByteBuf value) {
        String name = name(kind, taskId);
        ByteBuf old = pending.put(name, value.retainedDuplicate());
        if (old != null) {
            old.release();
        }
        recorded.add(name);
    }

    boolean unsaved() {
        return !recorded.isEmpty();
    }

    /** Hands the values recorded so far to the writer's next {@link #writeStaged}. */
    void stage() {
        List<Staged> next = new ArrayList<>(staged);
        for (String name : recorded) {
            ByteBuf value = pending.get(name);
            if (value != null) {
                next.add(new Staged(name, value, value.retainedDuplicate()));
            }
        }
        recorded.clear();
        staged = next;
    }

    /**
     * Writes the staged values to their files (the writer's thread). If one fails (a full disk),
     * it and those after it stay staged for the next commit, which tries them again.
     */
    void writeStaged() {
        List<Staged> now = staged;
        staged = new ArrayList<>();
        Map<Bytes, Path> written = new HashMap<>();
        for (int i = 0; i < now.size(); i++) {
            Staged s = now.get(i);
            try {
                Path file = dir.resolve(s.name());
                Bytes bytes = Bytes.of(s.own());
                Path same = bytes == null ? null : written.get(bytes);
                if (same == null || !linked(file, same)) {
                    writeFile(file, s.own());
                    if (bytes != null) {
                        written.put(bytes, file);
                    }
                }
            } catch (RuntimeException e) {
                staged.addAll(now.subList(i, now.size()));
                throw e;
            }
            s.own().release();
            if (pending.remove(s.name(), s.inPending())) {
                s.inPending().release();
            } else if (!pending.containsKey(s.name())) {
                // deleted while it was being written: the file goes too
                deleteFile(s.name());
            }
        }
    }

    /** Whether {@code file} is now another name of {@code existing} (not where links are not to be had, or it is gone). */
    private static boolean linked(Path file, Path existing) {
        try {
            Files.deleteIfExists(file);
            Files.createLink(file, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void writeFile(Path file, ByteBuf value) {
        try {
            Files.deleteIfExists(file);  // it may be a link to another task's file: that one stays as it is
        } catch (IOException e) {
            throw MvTaskStore.unchecked("replacing " + file, e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int at = value.readerIndex();
            int left = value.readableBytes();
            long position = 0;
            while (left > 0) {
                // a megabyte at a time: the JDK copies a heap buffer to direct memory of the same size to write it
                int n = value.getBytes(at, ch, position, Math.min(left, 1 << 20));
                at += n;
                position += n;
                left -= n;
            }
        } catch (IOException e) {
            throw MvTaskStore.unchecked("writing " + file, e);
        }
    }

    /** Mapped, not read into the heap: a value of any size comes back without the heap to hold it. */
    ByteBuf read(char kind, long taskId) {
        String name = name(kind, taskId);
        ByteBuf value = pending.get(name);
        if (value != null) {
            return value.retainedDuplicate();
        }
        Path file = dir.resolve(name);
        try {
            return MappedValue.map(file);
        } catch (IOException e) {
            throw MvTaskStore.unchecked("reading " + file, e);
        }
    }

    void delete(char kind, long taskId) {
        String name = name(kind, taskId);
        ByteBuf value = pending.remove(name);
        if (value != null) {
            value.release();
        }
        deleteFile(name);
    }

    private void deleteFile(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw MvTaskStore.unchecked("deleting a value file", e);
        }
    }

    /** Deletes files no record names (their record was never committed); returns how many. */
    int deleteAllBut(Set<Long> taskIds, Set<Long> resultIds) {
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                long id;
                try {
                    id = Long.parseLong(name.substring(1));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    continue;
                }
                boolean named = name.charAt(0) == 't' ? taskIds.contains(id) : resultIds.contains(id);
                if (!named) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw MvTaskStore.unchecked("listing " + dir, e);
        }
        return removed;
    }
}
