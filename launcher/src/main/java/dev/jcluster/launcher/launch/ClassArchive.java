package dev.jcluster.launcher.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The classes an engine (or the controller) loads, as a CDS archive (AppCDS) in $JCLUSTER_HOME/cache:
 * a JVM that maps it starts in about two thirds of the time, its classes already parsed and verified.
 * JDK 17 cannot make one on the fly, so the first such process of a cluster started without one
 * writes it when it exits ({@code -XX:ArchiveClassesAtExit}, under a name of its cluster's), and
 * {@code jcluster stop} puts it in place. One archive per role, JDK and installation (the class
 * path's jars, their sizes and times); AppCDS takes jars only, so a class path with a folder gets none.
 */
public final class ClassArchive {
    private final Path archive;
    private final boolean usable;

    private ClassArchive(Path archive, boolean usable) {
        this.archive = archive;
        this.usable = usable;
    }

    /** {@code role} names the archive: "engine" or "controller". */
    public static ClassArchive of(Path cacheDir, String role, List<String> classPath) {
        StringBuilder key = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        boolean jarsOnly = !classPath.isEmpty();
        for (String entry : classPath) {
            Path p = Path.of(entry);
            jarsOnly &= entry.endsWith(".jar") && Files.isRegularFile(p);
            try {
                key.append('|').append(entry).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                jarsOnly = false;
            }
        }
        return new ClassArchive(cacheDir.resolve(role + "-" + digest(key.toString()) + ".jsa"), jarsOnly);
    }

    Path archive() {
        return archive;
    }

    private Path training(String clusterId) {
        return archive.resolveSibling(archive.getFileName() + "." + clusterId + ".part");
    }

    /**
     * JVM options for a process of cluster {@code clusterId}: the archive when there is one; else,
     * for the one process allowed to, those that make it write one when it exits.
     */
    public List<String> jvmOptions(String clusterId, boolean mayWrite) {
        if (!usable) {
            return List.of();
        }
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!mayWrite) {
            return List.of();
        }
        try {
            Files.createDirectories(archive.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
        // the classes it cannot archive (JFR's, generated ones) are a page of warnings in its log otherwise
        return List.of("-XX:ArchiveClassesAtExit=" + training(clusterId), "-Xlog:cds=error");
    }

    /**
     * Once cluster {@code clusterId}'s processes have exited: the archives they wrote become the ones
     * later processes map. Returns whether there was one.
     */
    public static boolean adoptWritten(Path cacheDir, String clusterId) {
        String suffix = "." + clusterId + ".part";
        boolean adopted = false;
        try (var files = Files.list(cacheDir)) {
            for (Path written : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                String name = written.getFileName().toString();
                Path archive = written.resolveSibling(name.substring(0, name.length() - suffix.length()));
                if (Files.size(written) > 0 && !Files.exists(archive)) {
                    Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
                    adopted = true;
                } else {
                    Files.deleteIfExists(written);  // another cluster's came first
                }
            }
        } catch (IOException e) {
            // no cache yet, or it went away: engines start without an archive
        }
        return adopted;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
