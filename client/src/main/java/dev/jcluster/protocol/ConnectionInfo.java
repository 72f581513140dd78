package dev.jcluster.protocol;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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

    /**
     * Reads a connection file. A missing, truncated or edited file is one {@link IOException} naming
     * the file and the entry that is wrong, never a parse error from deep inside.
     */
    public static ConnectionInfo read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a properties file (" + e.getMessage() + ")", e);
        }
        List<InetSocketAddress> list = new ArrayList<>();
        for (String a : require(p, "addresses", file).split(",")) {
            list.add(parseAddress(a.trim(), file));
        }
        ClusterKey key;
        try {
            key = ClusterKey.fromBase64(require(p, "key", file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": entry 'key' is damaged: " + e.getMessage()
                    + " (copy the file again from the cluster folder, or restart the cluster)", e);
        }
        long pid;
        try {
            pid = Long.parseLong(p.getProperty("controller.pid", "-1").trim());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": entry 'controller.pid' is not a number: '"
                    + p.getProperty("controller.pid") + "'", e);
        }
        String certificate = p.getProperty("tls.certificate", "").trim();
        if (!certificate.isEmpty()) {
            try {
                Base64.getDecoder().decode(certificate);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": entry 'tls.certificate' is not valid base64: " + e.getMessage(), e);
            }
        }
        return new ConnectionInfo(require(p, "cluster.id", file), list, key, pid, certificate);
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

    private static InetSocketAddress parseAddress(String text, Path file) throws IOException {
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "" : text.substring(0, colon).replace("[", "").replace("]", "");
        int port = -1;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IOException(file + ": entry 'addresses' holds '" + text + "', which is not host:port");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static String require(Properties p, String key, Path file) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException(file + ": entry '" + key + "' is missing (is this a jcluster connection file, or"
                    + " was it cut short?)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ConnectionInfo[" + clusterId + " at " + Arrays.toString(addresses.toArray()) + "]";
    }
}
