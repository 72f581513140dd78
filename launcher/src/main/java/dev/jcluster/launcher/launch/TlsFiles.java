package dev.jcluster.launcher.launch;

import dev.jcluster.launcher.state.ClusterDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A key and self-signed certificate made for one cluster (controller.tls), with the JDK's own
 * keytool: a PKCS12 file and its password, both readable only by their owner, in the cluster's
 * folder. The controller serves with them; the certificate goes into the connection file.
 */
public final class TlsFiles {
    private TlsFiles() {
    }

    static Path keystore(ClusterDir dir) {
        return keystore(dir.path());
    }

    static Path password(ClusterDir dir) {
        return password(dir.path());
    }

    public static Path keystore(Path folder) {
        return folder.resolve("tls.p12");
    }

    public static Path password(Path folder) {
        return folder.resolve("tls.password");
    }

    static void generate(ClusterDir dir, String clusterId) throws LaunchException {
        generate(dir.path(), clusterId);
    }

    /** Makes {@link #keystore} and {@link #password} in {@code folder} (a cluster's, or a benchmark's). */
    public static void generate(Path folder, String clusterId) throws LaunchException {
        Path store = keystore(folder);
        Path pass = password(folder);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        try {
            Files.deleteIfExists(store);
            Files.deleteIfExists(pass);
            Files.createFile(pass, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pass, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "jcluster", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=jcluster cluster " + clusterId, "-validity", "3650",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass:file", pass.toString(),
                    "-keypass:file", pass.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new LaunchException("cannot make the cluster's TLS certificate with keytool: " + out.strip());
            }
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new LaunchException("cannot make the cluster's TLS certificate in " + folder + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while making the TLS certificate");
        }
    }
}
