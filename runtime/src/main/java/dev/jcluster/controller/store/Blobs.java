package dev.jcluster.controller.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;

/** Large task and result values of the store, one file each: {@code t<id>} for a task, {@code r<id>} for a result. */
final class Blobs {
    private final Path dir;

    Blobs(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    void write(char kind, long taskId, ByteBuf value) {
        Path file = dir.resolve(kind + Long.toString(taskId));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
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

    ByteBuf read(char kind, long taskId) {
        Path file = dir.resolve(kind + Long.toString(taskId));
        try {
            return Unpooled.wrappedBuffer(Files.readAllBytes(file));
        } catch (IOException e) {
            throw MvTaskStore.unchecked("reading " + file, e);
        }
    }

    void delete(char kind, long taskId) {
        try {
            Files.deleteIfExists(dir.resolve(kind + Long.toString(taskId)));
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
