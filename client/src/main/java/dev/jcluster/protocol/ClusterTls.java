package dev.jcluster.protocol;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;

/**
 * TLS for a cluster: the controller holds a key and a self-signed certificate made for this cluster
 * alone (a PKCS12 file in the cluster's folder); engines and clients trust exactly that
 * certificate, which the connection file carries. No certificate authority, no host names:
 * the pin is the trust. Frames stay signed with the cluster key inside the TLS stream.
 */
public final class ClusterTls {
    private ClusterTls() {
    }

    /** The controller's side, from its keystore. Returns the context and the certificate to pin. */
    public record Server(SslContext context, String certificateBase64) {
    }

    public static Server server(Path keystore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String alias = ks.aliases().nextElement();
            X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SslContext context = SslContextBuilder.forServer(kmf).protocols("TLSv1.3", "TLSv1.2").build();
            return new Server(context, Base64.getEncoder().encodeToString(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** An engine's or client's side: trusts the one certificate in the connection file. */
    public static SslContext client(String certificateBase64) throws IOException {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificateBase64)));
            // the pinned certificate is the identity: no host names to check (Netty 4.2 checks them by default)
            return SslContextBuilder.forClient().trustManager(cert).endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the connection file's TLS certificate is unusable: " + e.getMessage(), e);
        }
    }
}
