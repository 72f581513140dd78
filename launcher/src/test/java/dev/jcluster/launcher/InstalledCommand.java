package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The installed `jcluster` command in a fresh home and working folder for each test, and, after
 * it, the check that it left nothing running (what it did leave is killed, by pid and start time).
 */
final class InstalledCommand implements BeforeEachCallback, AfterEachCallback {
    private Path tmp;
    private JclusterCommand jcluster;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tmp = Files.createTempDirectory("jcluster-it");
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            assertThat(jcluster.killLeftovers()).as("processes a test left running").isEmpty();
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    JclusterCommand jcluster() {
        return jcluster;
    }

    /** The test's folder: home/ and work/ (the commands' working directory) are in it. */
    Path tmp() {
        return tmp;
    }
}
