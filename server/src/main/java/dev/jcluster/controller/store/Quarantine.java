package dev.jcluster.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where damaged records of the task store go, one file each ({@code store.mv.quarantine/task-17.bin}),
 * so that one bad record costs that task, not the whole restore, and its bytes stay for a person
 * to look at. Owner-only, like the store: records hold users' data.
 */
final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final Path store;
    private final Path dir;

    Quarantine(Path store) {
        this.store = store;
        this.dir = Path.of(store + ".quarantine");
    }

    /** Keeps {@code bytes}, the record of {@code kind} {@code id} that could not be read, and says so. */
    void setAside(String kind, long id, byte[] bytes, RuntimeException why) {
        Path file = dir.resolve(kind + "-" + id + ".bin");
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.write(file, bytes);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            log.error("{}: {} record {} is damaged ({}); set aside in {}, the rest is restored", store, kind, id,
                    why.toString(), file);
        } catch (IOException | UnsupportedOperationException e) {
            log.error("{}: {} record {} is damaged ({}); it could not be set aside ({}) and is dropped; the rest is"
                    + " restored", store, kind, id, why.toString(), e.toString());
        }
    }

    Path dir() {
        return dir;
    }
}
