package dev.jcluster.internal;

import dev.jcluster.protocol.ClusterKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of {@link DataLink}s. Each client has a link key of its own, derived from the cluster
 * key and its uuid, which the client computes and the controller hands to an engine sealed under
 * the engines' key ({@link DataKey}); each link's two directions get session keys from it and both
 * sides' fresh nonces, so that a recorded link cannot be replayed.
 */
public final class LinkKeys {
    static final int NONCE_BYTES = 32;
    private static final int WRAP_NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private LinkKeys() {
    }

    /** Client {@code uuid}'s link key: what the client and (given it by the controller) its engines share. */
    public static byte[] forClient(ClusterKey cluster, String uuid) {
        return cluster.derive("jcluster data link v1 " + uuid);
    }

    /** {@code linkKey} sealed for engines (AES-GCM under a key derived from the engines' key; bound to the uuid). */
    public static byte[] wrap(ClusterKey engines, String uuid, byte[] linkKey) {
        byte[] nonce = new byte[WRAP_NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher c = wrapCipher(Cipher.ENCRYPT_MODE, engines, uuid, nonce);
            byte[] sealed = c.doFinal(linkKey);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /** The link key {@link #wrap} sealed; throws when it was not sealed under {@code engines} for this uuid. */
    public static byte[] unwrap(ClusterKey engines, String uuid, byte[] wrapped) throws GeneralSecurityException {
        if (wrapped.length <= WRAP_NONCE_BYTES) {
            throw new GeneralSecurityException("a sealed link key of " + wrapped.length + " bytes");
        }
        byte[] nonce = Arrays.copyOf(wrapped, WRAP_NONCE_BYTES);
        return wrapCipher(Cipher.DECRYPT_MODE, engines, uuid, nonce)
                .doFinal(wrapped, WRAP_NONCE_BYTES, wrapped.length - WRAP_NONCE_BYTES);
    }

    private static Cipher wrapCipher(int mode, ClusterKey engines, String uuid, byte[] nonce)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(engines.derive("jcluster data key wrap v1"), "AES"),
                new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(uuid.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** The key of one direction of one link: HMAC-SHA256 of the direction and both nonces under the link key. */
    static byte[] session(byte[] linkKey, String direction, byte[] clientNonce, byte[] engineNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(linkKey, "HmacSHA256"));
            mac.update(direction.getBytes(StandardCharsets.US_ASCII));
            mac.update(clientNonce);
            mac.update(engineNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
        }
    }
}
