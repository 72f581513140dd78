package dev.jcluster.launcher.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log, indented, for error messages that must show why a process died. */
public final class LogTail {
    private LogTail() {
    }

    public static String of(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "    (no log at " + log + ")";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            if (tail.isEmpty()) {
                return "    (" + log + " is empty)";
            }
            return "    " + String.join("\n    ", tail) + "\n    (full log: " + log + ")";
        } catch (IOException e) {
            return "    (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
