package dev.jcluster.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who an engine was before it exited to be restarted: its id and session uuid, written to the
 * file its {@link RestartLoop} made (empty on the first start), so the next process registers as
 * the same engine.
 */
record RestartFile(int engineId, String uuid) {

    static Optional<RestartFile> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return Optional.of(new RestartFile(Integer.parseInt(parts[0]), parts[1]));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is not an engine restart file (expected \"ID UUID\", got \""
                    + text + "\")");
        }
    }

    void write(Path file) throws IOException {
        Files.writeString(file, engineId + " " + uuid + "\n", StandardCharsets.UTF_8);
    }
}
