package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a controller writes large incoming frames as their bytes arrive, so that a value of any
 * size passes through it with its heap untouched: the frame is written to a file of its own,
 * checked, then mapped ({@link MappedValue}) and its file deleted at once, so that nothing is
 * left behind even if the process dies. The directory is the owner's alone (the files hold user
 * values); files a killed controller left are deleted when the next one opens the directory.
 * Thread-safe.
 */
public final class ValueSpool {
    private static final String PREFIX = "frame-";
    private final Path dir;
    private final AtomicLong next = new AtomicLong();

    private ValueSpool(Path dir) {
        this.dir = dir;
    }

    /** The spool in {@code dir}, created owner-only if missing, emptied of what a previous process left. */
    public static ValueSpool in(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own rules apply
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path f : left) {
                Files.deleteIfExists(f);
            }
        }
        return new ValueSpool(dir);
    }

    public Path dir() {
        return dir;
    }

    /** A new file for one frame. */
    Spooled begin() throws IOException {
        Path file = dir.resolve(PREFIX + ProcessHandle.current().pid() + "-" + next.incrementAndGet());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return new Spooled(file, ch);
    }

    /** One frame's file while its bytes arrive. Not thread-safe: its connection's thread only. */
    static final class Spooled {
        private final Path file;
        private final FileChannel channel;
        private long written;

        private Spooled(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        /** Appends {@code length} bytes of {@code in} from {@code index}; a full disk fails here, clearly. */
        void write(ByteBuf in, int index, int length) {
            try {
                while (length > 0) {
                    int n = in.getBytes(index, channel, written, length);
                    index += n;
                    length -= n;
                    written += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a large frame to " + file + " (" + written
                        + " bytes written): " + e.getMessage(), e);
            }
        }

        long written() {
            return written;
        }

        /** The bytes written, mapped; the file is gone from the directory. */
        MappedValue finish() throws IOException {
            try {
                channel.close();
                return MappedValue.map(file);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        /** The frame will not complete (refused, or the peer left): its file goes. */
        void abort() {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the next controller to open the spool deletes it
            }
        }
    }
}
