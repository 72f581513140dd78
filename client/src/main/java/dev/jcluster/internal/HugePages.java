package dev.jcluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Transparent huge pages for a jcluster JVM's heap, when this host's kernel gives them only on
 * request ("madvise", the usual default): a large value then takes a page fault per 2 MiB rather
 * than per 4 KiB, and on a virtual machine page faults are much of what a push or pull costs.
 * Asked for only where the kernel offers them, so that no JVM warns.
 */
public final class HugePages {
    private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    static final String FLAG = "-XX:+UseTransparentHugePages";

    private HugePages() {
    }

    /** {@code options} with the flag added, unless the kernel has no huge pages on request or the options already say. */
    public static List<String> requestedWith(List<String> options) {
        return requestedWith(options, MODE);
    }

    static List<String> requestedWith(List<String> options, Path mode) {
        if (options.stream().anyMatch(o -> o.contains("UseTransparentHugePages")) || !onRequest(mode)) {
            return options;
        }
        List<String> out = new ArrayList<>(options);
        out.add(FLAG);
        return out;
    }

    private static boolean onRequest(Path mode) {
        try {
            return Files.readString(mode).contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false;  // not Linux, or no THP: the JVM's default pages
        }
    }
}
