package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteCallable;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The engine's half of moving files: small tasks of jcluster's own classes (every engine has them,
 * so no class travels), each doing one step on the engine's file system. Paths are the engine's:
 * relative ones resolve against its working directory. A file arrives under a temporary name and
 * takes its own only once its content checks, so a broken transfer leaves no half file behind.
 */
public final class RemoteFiles {
    /** Suffix of a file while it arrives. */
    static final String PART = ".jcluster-part";

    /**
     * Where {@code path} is written until complete: engines sharing a file system each write their
     * own (the process id tells them apart), then each moves its complete copy into place.
     */
    static Path partOf(String path) {
        return Path.of(path + PART + "-" + ProcessHandle.current().pid());
    }

    private RemoteFiles() {
    }

    /** One file or folder of a tree: its path under the root ("" for the root itself), size, mode and content digest. */
    public record Entry(String relative, boolean directory, long size, String permissions, String sha256)
            implements Serializable {
    }

    /** Writes {@code bytes} at {@code offset} of the part file of {@code path}, creating it (and its folders) if needed. */
    record WriteChunk(String path, long offset, byte[] bytes) implements RemoteCallable<Integer> {
        @Override
        public Integer call() throws IOException {
            Path file = partOf(path);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                long at = offset;
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            } catch (FileSystemException e) {
                throw explained(e, "writing");
            } catch (IOException e) {
                throw new IOException("writing " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
            return bytes.length;
        }
    }

    /** Checks the part file's content, sets its mode, and gives it its name. */
    record FinishFile(String path, String permissions, String sha256) implements RemoteCallable<Boolean> {
        @Override
        public Boolean call() throws IOException {
            Path file = partOf(path);
            String actual = RemoteFiles.sha256(file);
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(file);
                throw new IOException("the content of " + Path.of(path).toAbsolutePath() + " did not arrive intact "
                        + "(SHA-256 " + actual + ", sent " + sha256 + ")");
            }
            setPermissions(file, permissions);
            Files.move(file, Path.of(path), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** Creates a folder (and its parents) with a mode. */
    record MakeDirectory(String path, String permissions) implements RemoteCallable<Boolean> {
        @Override
        public Boolean call() throws IOException {
            Path dir = Path.of(path);
            Files.createDirectories(dir);
            setPermissions(dir, permissions);
            return true;
        }
    }

    /** The file, or the folder and everything under it, with sizes, modes and digests; parents before children. */
    record ListTree(String path) implements RemoteCallable<ArrayList<Entry>> {
        @Override
        public ArrayList<Entry> call() throws IOException {
            Path root = Path.of(path);
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(root.toAbsolutePath() + ": no such file or folder");
            }
            ArrayList<Entry> out = new ArrayList<>();
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                    String relative = root.relativize(p).toString();
                    if (Files.isDirectory(p)) {
                        out.add(new Entry(relative, true, 0, permissions(p), ""));
                    } else if (Files.isRegularFile(p)) {
                        out.add(new Entry(relative, false, Files.size(p), permissions(p), sha256(p)));
                    }
                }
            }
            return out;
        }
    }

    /** Up to {@code length} bytes of {@code path} from {@code offset}. */
    record ReadChunk(String path, long offset, int length) implements RemoteCallable<byte[]> {
        @Override
        public byte[] call() throws IOException {
            try (FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
                return read(ch, offset, length);
            }
        }
    }

    static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(length, ch.size() - offset)));
        long at = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new IOException("the file ended while being read (changed during the transfer?)");
            }
            at += n;
        }
        return b.array();
    }

    static String permissions(Path p) throws IOException {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException e) {
            return "";  // not a POSIX file system: no mode to keep
        }
    }

    static void setPermissions(Path p, String permissions) throws IOException {
        if (permissions.isEmpty()) {
            return;
        }
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b.clear()) > 0) {
                sha.update(b.flip());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A full disk or a refused write, said plainly (the JDK's message is the bare path and errno text). */
    static IOException explained(FileSystemException e, String doing) {
        String why = e.getReason() == null ? e.getMessage() : e.getReason();
        return new IOException(doing + " " + Path.of(e.getFile()).toAbsolutePath() + ": " + why, e);
    }
}
