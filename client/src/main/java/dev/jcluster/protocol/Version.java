package dev.jcluster.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version (what hellos compare) and the commit it was built from (what `--version` shows). */
public final class Version {
    private static final Properties BUILD = load();
    public static final String CURRENT = BUILD.getProperty("version", "dev");
    /** The commit's short id, "-dirty" after it when the tree had changes; "unknown" outside a git checkout. */
    public static final String COMMIT = commit();
    /** The day of that commit, or "" when unknown. */
    public static final String COMMIT_DATE = known(BUILD.getProperty("commit.date", ""));

    private Version() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/dev/jcluster/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable build file: the defaults say "dev" and "unknown"
        }
        return p;
    }

    private static String commit() {
        String id = known(BUILD.getProperty("commit", ""));
        if (id.isEmpty()) {
            return "unknown";
        }
        return "true".equals(BUILD.getProperty("dirty")) ? id + "-dirty" : id;
    }

    /** A build property the build did not fill in (no git) is left as its placeholder: treated as unknown. */
    private static String known(String value) {
        return value.startsWith("${") ? "" : value.strip();
    }
}
