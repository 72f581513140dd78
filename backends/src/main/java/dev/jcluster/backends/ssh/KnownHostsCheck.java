package dev.jcluster.backends.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * known_hosts, as OpenSSH checks it: strictly, or with accept-new (a host never seen is added; a
 * key that changed is still refused). Remembers what it refused so the error can show the
 * fingerprint the way `ssh` does (SHA256:...), for the user to compare before trusting it.
 */
final class KnownHostsCheck extends OpenSSHKnownHosts {
    private final boolean acceptNew;
    private String refused;

    KnownHostsCheck(File file, boolean acceptNew) throws IOException {
        this(file, null, acceptNew);
    }

    /** {@code system}: the host-wide file (/etc/ssh/ssh_known_hosts), read too when it exists; new keys go to {@code file}. */
    KnownHostsCheck(File file, File system, boolean acceptNew) throws IOException {
        super(file);
        this.acceptNew = acceptNew;
        if (system != null && system.canRead()) {
            entries.addAll(new OpenSSHKnownHosts(system).entries());
        }
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        if (acceptNew) {
            try {
                Files.writeString(khFile.toPath(), hostname + " " + KeyType.fromKey(key) + " " + base64(key) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return true;
            } catch (IOException e) {
                refused = "unknown host key " + fingerprint(key) + " (and cannot add it to " + khFile + ": "
                        + e.getMessage() + ")";
                return false;
            }
        }
        refused = "unknown host key " + KeyType.fromKey(key) + " " + fingerprint(key) + " for " + hostname
                + ", not in " + khFile;
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refused = "the host key of " + hostname + " CHANGED to " + KeyType.fromKey(key) + " " + fingerprint(key)
                + " (" + khFile + " has another); someone may be intercepting, or the host was reinstalled";
        return false;
    }

    /** Why the last key was refused, or null. */
    String refused() {
        return refused;
    }

    static String fingerprint(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(blob(key));
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
