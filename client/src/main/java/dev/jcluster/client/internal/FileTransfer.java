package dev.jcluster.client.internal;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TransferListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files and folders to and from engines, in chunks small enough that no process holds more than a
 * few of them: each chunk is a task (see {@link RemoteFiles}), a few in flight per file, so the
 * transfer streams through the same path as any value, and a file of any size goes through. Every
 * file's content is checked by SHA-256 at the far end; modes are kept; a file takes its name only
 * once complete.
 */
public final class FileTransfer {
    static final int CHUNK_BYTES = 4 << 20;
    private static final int IN_FLIGHT = 4;
    private static final Duration CHUNK_WAIT = Duration.ofMinutes(10);

    private final TransferListener progress;

    /** {@code progress} hears the bytes of each chunk once every target has it. */
    public FileTransfer(TransferListener progress) {
        this.progress = progress;
    }

    /** Sends {@code local} (a file, or a folder and all under it) to {@code remote} on every engine of {@code view}. */
    public void upload(DirectView view, Path local, String remote) throws IOException {
        if (!Files.exists(local)) {
            // before anything is sent
            throw new NoSuchFileException(local.toAbsolutePath() + ": no such file or folder");
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(local)) {
            all = walk.sorted().toList();
        }
        long total = 0;
        for (Path p : all) {
            if (Files.isRegularFile(p)) {
                total += Files.size(p);
            }
        }
        progress.started(total);
        for (Path p : all) {
            String target = join(remote, local.relativize(p).toString());
            if (Files.isDirectory(p)) {
                call(view, new RemoteFiles.MakeDirectory(target, RemoteFiles.permissions(p)), p, target);
            } else if (Files.isRegularFile(p)) {
                uploadFile(view, p, target);
            }
        }
    }

    private void uploadFile(DirectView view, Path file, String target) throws IOException {
        MessageDigest sha = RemoteFiles.sha256();
        Deque<Sent> inFlight = new ArrayDeque<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long offset = 0;
            do {
                byte[] chunk = RemoteFiles.read(ch, offset, CHUNK_BYTES);
                sha.update(chunk);
                if (inFlight.size() >= IN_FLIGHT) {
                    awaitOldest(inFlight, file, target);
                }
                inFlight.add(new Sent(view.applyAsync(new RemoteFiles.WriteChunk(target, offset, chunk)), chunk.length));
                offset += chunk.length;
            } while (offset < size);
        }
        while (!inFlight.isEmpty()) {
            awaitOldest(inFlight, file, target);
        }
        call(view, new RemoteFiles.FinishFile(target, RemoteFiles.permissions(file),
                HexFormat.of().formatHex(sha.digest())), file, target);
    }

    private record Sent(AsyncResult<?> result, int bytes) {
    }

    private void awaitOldest(Deque<Sent> inFlight, Path file, String target) throws IOException {
        Sent s = inFlight.poll();
        try {
            s.result().get(CHUNK_WAIT);
        } catch (RemoteException e) {
            throw failed(file, target, e);
        } catch (Exception e) {
            throw new IOException("sending " + file + " to " + target + ": " + e.getMessage(), e);
        }
        progress.transferred(s.bytes());
    }

    /** Fetches {@code remote} (a file, or a folder and all under it) from the one engine of {@code view} into {@code local}. */
    public void download(DirectView view, String remote, Path local) throws IOException {
        List<RemoteFiles.Entry> entries = call(view, new RemoteFiles.ListTree(remote), local, remote);
        progress.started(entries.stream().mapToLong(RemoteFiles.Entry::size).sum());
        for (RemoteFiles.Entry e : entries) {
            Path target = e.relative().isEmpty() ? local : local.resolve(e.relative());
            String source = join(remote, e.relative());
            if (e.directory()) {
                Files.createDirectories(target);
                RemoteFiles.setPermissions(target, e.permissions());
            } else {
                downloadFile(view, e, source, target);
            }
        }
    }

    private void downloadFile(DirectView view, RemoteFiles.Entry e, String source, Path target) throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path part = target.resolveSibling(target.getFileName() + RemoteFiles.PART);
        MessageDigest sha = RemoteFiles.sha256();
        Deque<AsyncResult<List<byte[]>>> inFlight = new ArrayDeque<>();
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long asked = 0;
            long written = 0;
            while (written < e.size()) {
                while (asked < e.size() && inFlight.size() < IN_FLIGHT) {
                    inFlight.add(view.applyAsync(new RemoteFiles.ReadChunk(source, asked,
                            (int) Math.min(CHUNK_BYTES, e.size() - asked))));
                    asked += CHUNK_BYTES;
                }
                byte[] chunk;
                try {
                    chunk = inFlight.poll().get(CHUNK_WAIT).get(0);
                } catch (RemoteException ex) {
                    throw failed(target, source, ex);
                } catch (Exception ex) {
                    throw new IOException("fetching " + source + ": " + ex.getMessage(), ex);
                }
                if (chunk.length == 0) {
                    throw new IOException(source + " is shorter than when the transfer began (changed meanwhile?)");
                }
                sha.update(chunk);
                ByteBuffer b = ByteBuffer.wrap(chunk);
                while (b.hasRemaining()) {
                    written += out.write(b, written);
                }
                progress.transferred(chunk.length);
            }
        } catch (IOException ex) {
            Files.deleteIfExists(part);
            throw ex;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(e.sha256())) {
            Files.deleteIfExists(part);
            throw new IOException("the content of " + source + " did not arrive intact (SHA-256 " + actual
                    + ", the engine's " + e.sha256() + ")");
        }
        RemoteFiles.setPermissions(part, e.permissions());
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs one step on every engine of the view; the first engine's answer. */
    private static <T> T call(DirectView view, dev.jcluster.client.RemoteCallable<T> step, Path local, String remote)
            throws IOException {
        try {
            return view.applyAsync(step).get(CHUNK_WAIT).get(0);
        } catch (RemoteException e) {
            throw failed(local, remote, e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(local + " <-> " + remote + ": " + e.getMessage(), e);
        }
    }

    /** The engine's own words (a full disk, a missing file, a refused write), and which transfer. */
    private static IOException failed(Path local, String remote, RemoteException e) {
        return new IOException(local + " <-> " + remote + ": " + e.getMessage(), e);
    }

    static String join(String root, String relative) {
        if (relative.isEmpty()) {
            return root;
        }
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
}
