package dev.jcluster.protocol;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What an engine or client needs to reach a controller: every address it listens on (or the
 * advertised ones), and the cluster key. Stored as a properties file readable only by its owner.
 */
public record ConnectionInfo(String clusterId, List<InetSocketAddress> addresses, ClusterKey key, long controllerPid,
                             String tlsCertificate) {
    public static final String ENV_FILE = "JCLUSTER_CONNECTION_FILE";

    public ConnectionInfo {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a connection needs at least one controller address");
        }
        addresses = List.copyOf(addresses);
        tlsCertificate = tlsCertificate == null ? "" : tlsCertificate;
    }

    /** A controller without TLS. */
    public ConnectionInfo(String clusterId, List<InetSocketAddress> addresses, ClusterKey key, long controllerPid) {
        this(clusterId, addresses, key, controllerPid, "");
    }

    /** The same controller, reached with another key (the engines', see {@link ClusterKey#forEngines}). */
    public ConnectionInfo withKey(ClusterKey other) {
        return new ConnectionInfo(clusterId, addresses, other, controllerPid, tlsCertificate);
    }

    /** True when the controller speaks TLS: its certificate (base64 DER) is pinned here. */
    public boolean tls() {
        return !tlsCertificate.isEmpty();
    }

    public static ConnectionInfo read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        String addresses = require(p, "addresses", file);
        List<InetSocketAddress> list = new ArrayList<>();
        for (String a : addresses.split(",")) {
            list.add(parseAddress(a.trim(), file));
        }
        return new ConnectionInfo(require(p, "cluster.id", file), list,
                ClusterKey.fromBase64(require(p, "key", file)), Long.parseLong(p.getProperty("controller.pid", "-1")),
                p.getProperty("tls.certificate", ""));
    }

    /** Writes the file atomically with mode 0600, so that nobody ever reads a half-written key. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("cluster.id", clusterId);
        p.setProperty("addresses", String.join(",", addresses.stream().map(ConnectionInfo::format).toList()));
        p.setProperty("key", key.toBase64());
        p.setProperty("controller.pid", Long.toString(controllerPid));
        if (tls()) {
            p.setProperty("tls.certificate", tlsCertificate);
        }
        StringWriter text = new StringWriter();
        p.store(text, "jcluster connection file: keep it secret, it holds the cluster key");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".connection", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static String format(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static InetSocketAddress parseAddress(String text, Path file) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new UncheckedIOException(new IOException(file + ": address '" + text + "' is not host:port"));
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(text.substring(colon + 1)));
    }

    private static String require(Properties p, String key, Path file) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException(file + ": missing '" + key + "' (is this a jcluster connection file?)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ConnectionInfo[" + clusterId + " at " + Arrays.toString(addresses.toArray()) + "]";
    }
}
