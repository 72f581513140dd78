package dev.jcluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated or edited connection file is one error naming the file and the entry that is wrong. */
class ConnectionFileDamageTest {
    @TempDir
    Path dir;

    private Path damaged(UnaryOperator<String> damage) throws IOException {
        Path file = dir.resolve("connection.properties");
        new ConnectionInfo("c", List.of(InetSocketAddress.createUnresolved("127.0.0.1", 4000)), ClusterKey.random(), 42,
                "").write(file);
        Files.writeString(file, damage.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return file;
    }

    private void refused(UnaryOperator<String> damage, String entry, String why) throws IOException {
        Path file = damaged(damage);
        assertThatThrownBy(() -> ConnectionInfo.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("'" + entry + "'").hasMessageContaining(why);
    }

    @Test
    void eachKindOfDamageIsNamed() throws IOException {
        refused(t -> t.substring(0, t.indexOf("key=") + 10), "key", "damaged");            // cut inside the key
        refused(t -> t.replaceAll("(?m)^key=.*$", "key=not-base64!"), "key", "damaged");
        refused(t -> t.replaceAll("(?m)^key=(.{8}).*$", "key=$1"), "key", "32 bytes");    // shortened
        refused(t -> t.replaceAll("(?m)^addresses=.*$", "addresses=localhost"), "addresses", "not host:port");
        refused(t -> t.replaceAll("(?m)^addresses=.*$", "addresses=h\\\\:port"), "addresses", "not host:port");
        refused(t -> t.replaceAll("(?m)^addresses=.*$", ""), "addresses", "missing");
        refused(t -> t.replaceAll("(?m)^controller.pid=.*$", "controller.pid=forty"), "controller.pid", "not a number");
        refused(t -> t + "tls.certificate=%%%\n", "tls.certificate", "base64");
        refused(t -> "", "addresses", "cut short");
        assertThat(ConnectionInfo.read(damaged(t -> t)).controllerPid()).as("undamaged").isEqualTo(42);
    }
}
