package dev.jcluster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/RESULTS.md, which several benchmarks share: the runtime table is its head (up to the first
 * "## " heading), each other benchmark owns one "## " section. Each replaces only its own part.
 */
final class ResultsFile {
    static final Path PATH = Path.of("bench/RESULTS.md");

    private ResultsFile() {
    }

    /** Replaces everything before the first section. */
    static void replaceHead(String head) throws IOException {
        String text = read();
        int first = text.indexOf("\n## ");
        write(head.stripTrailing() + "\n" + (first < 0 ? "" : text.substring(first)));
    }

    /**
     * Replaces the section whose heading starts with {@code headingPrefix} (e.g. "## Scale test"),
     * up to the next section; appends it when there is none. {@code section} begins with its heading.
     */
    static void replaceSection(String headingPrefix, String section) throws IOException {
        String text = read();
        int at = text.startsWith(headingPrefix) ? 0 : text.indexOf("\n" + headingPrefix);
        String body = section.strip() + "\n";
        if (at < 0) {
            write(text.stripTrailing() + "\n\n" + body);
            return;
        }
        int start = at == 0 ? 0 : at + 1;
        int next = text.indexOf("\n## ", start + headingPrefix.length());
        String rest = next < 0 ? "" : "\n" + text.substring(next + 1);
        write(text.substring(0, start) + body + rest);
    }

    private static String read() throws IOException {
        return Files.exists(PATH) ? Files.readString(PATH, StandardCharsets.UTF_8) : "";
    }

    private static void write(String text) throws IOException {
        Files.writeString(PATH, text, StandardCharsets.UTF_8);
    }
}
