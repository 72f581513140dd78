package dev.jcluster.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The jcluster version of this build, compared in every hello. */
public final class Version {
    public static final String CURRENT = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/jcluster/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
