package dev.jcluster.testing;

import dev.jcluster.protocol.ClusterKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Frames as the encoder writes them, built by hand for raw-socket tests: length, type, id,
 * reply-to, body, and HMAC-SHA256 over the receiver's nonce, the sequence number and all but the
 * length, with the JDK's own HMAC, not the codec's: a frame the controller accepts is signed as
 * RFC 2104 says.
 */
public final class RawFrames {
    private RawFrames() {
    }

    /**
     * Reads until the peer closes the connection, as the controller must close one it refused
     * (replies or a refusal may come first); a read timeout on the socket means it kept it open.
     */
    public static void awaitClose(InputStream in, String what) throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // what came before the close does not matter here
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the controller kept a connection open (" + what + ")");
        } catch (IOException reset) {
            // closed hard: as good as closed
        }
    }

    public static byte[] signed(ClusterKey key, byte[] nonce, long sequence, int type, long id, byte[] body)
            throws IOException {
        ByteArrayOutputStream signedPart = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(signedPart);
        d.writeByte(type);
        d.writeLong(id);
        d.writeLong(0);
        d.write(body);
        byte[] s = signedPart.toByteArray();
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.toBase64()), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        mac.update(nonce);
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        new DataOutputStream(seq).writeLong(sequence);
        mac.update(seq.toByteArray());
        byte[] tag = mac.doFinal(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeInt(s.length + tag.length);
        o.write(s);
        o.write(tag);
        return out.toByteArray();
    }
}
