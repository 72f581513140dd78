package dev.jcluster.launcher.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The page's files, all inside jars: ours beside this class, uPlot from its WebJar (the version
 * read from the WebJar's own Maven properties, so upgrading it is one line in the POM).
 */
final class StaticFiles {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final String uplotVersion;

    StaticFiles() {
        Properties p = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.uplotVersion = p.getProperty("version");
    }

    record File(byte[] bytes, String type) {
    }

    /** The file for a path of the page, if there is one: /index.html, /app.js, /app.css, /uPlot.*. */
    Optional<File> get(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.matches("[A-Za-z.]+\\.(html|js|css)")) {
            return Optional.empty();
        }
        String where = name.startsWith("uPlot.") ? WEBJAR + uplotVersion + "/dist/" + name
                : "dev/jcluster/launcher/dashboard/" + name;
        try (InputStream in = resource(where)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new File(in.readAllBytes(), TYPES.get(name.substring(name.lastIndexOf('.') + 1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        return StaticFiles.class.getClassLoader().getResourceAsStream(name);
    }
}
