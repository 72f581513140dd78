package dev.jcluster.backends.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys known to the user's file or to the system's (/etc/ssh/ssh_known_hosts), as ssh(1) reads both. */
class KnownHostsCheckTest {
    @TempDir
    Path dir;

    private static PublicKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPublic();
    }

    @Test
    void aKeyInTheSystemFileIsTrustedAndAnUnknownOneStillRefused() throws Exception {
        PublicKey known = key();
        Path user = Files.writeString(dir.resolve("known_hosts"), "");
        Path system = Files.writeString(dir.resolve("ssh_known_hosts"),
                "node1.example.org ssh-rsa " + KnownHostsCheck.base64(known) + "\n");

        KnownHostsCheck check = new KnownHostsCheck(user.toFile(), system.toFile(), false);
        assertThat(check.verify("node1.example.org", 22, known)).isTrue();
        assertThat(check.verify("node2.example.org", 22, known)).isFalse();
        assertThat(check.refused()).contains("unknown host key").contains("node2.example.org");
        assertThat(Files.readString(user)).as("nothing written to the user's file").isEmpty();

        KnownHostsCheck userOnly = new KnownHostsCheck(user.toFile(), dir.resolve("absent").toFile(), false);
        assertThat(userOnly.verify("node1.example.org", 22, known)).as("without the system file").isFalse();
    }
}
