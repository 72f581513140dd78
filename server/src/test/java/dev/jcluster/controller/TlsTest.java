package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.ClusterTls;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.DefaultSerializer;
import dev.jcluster.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller speaking TLS with a certificate made for its cluster: only peers that pin it get in. */
class TlsTest {
    @TempDir
    Path dir;

    static Path keystore(Path dir, String name, String password) throws Exception {
        Path store = dir.resolve(name);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "jcluster", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return store;
    }

    @Test
    void enginesAndClientsGetInOnlyWithThePinnedCertificate() throws Exception {
        Path store = keystore(dir, "cluster.p12", "secret-1");
        try (TestCluster cluster = TestCluster.start(dir, 1, b -> b.tls(store, "secret-1".toCharArray()));
             Client client = cluster.client()) {
            ConnectionInfo info = ConnectionInfo.read(cluster.connectionFile());
            assertThat(info.tls()).isTrue();
            // the engine (another JVM, reading the same connection file) and this client both came in over TLS
            assertThat(client.loadBalanced().apply(() -> 6 * 7)).isEqualTo(42);

            ConnectionInfo plain = new ConnectionInfo(info.clusterId(), info.addresses(), info.key(), -1);
            assertThatThrownBy(() -> Client.connect(plain, new DefaultSerializer(), Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class).hasMessageContaining("TLS on one side only");

            String otherCert = ClusterTls.server(keystore(dir, "other.p12", "secret-2"), "secret-2".toCharArray())
                    .certificateBase64();
            ConnectionInfo impostor = new ConnectionInfo(info.clusterId(), info.addresses(), info.key(), -1,
                    otherCert);
            assertThatThrownBy(() -> Client.connect(impostor, new DefaultSerializer(), Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class).hasMessageContaining("SSLHandshakeException");

            InetSocketAddress a = info.addresses().get(0);
            try (Socket s = new Socket(a.getHostString(), a.getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(new byte[] {0, 0, 0, 40, 1, 2, 3});
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                assertThat(in.readAllBytes().length).as("a TLS alert at most, then the close").isLessThan(64);
            }
            assertThat(client.direct().apply(() -> "still serving")).isEqualTo(List.of("still serving"));
        }
    }
}
