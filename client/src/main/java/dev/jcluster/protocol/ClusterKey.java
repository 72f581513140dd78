package dev.jcluster.protocol;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A 256-bit secret every frame is signed with (HMAC-SHA256). The cluster key opens every role;
 * the engines' key, derived from it one way ({@link #forEngines}), opens only an engine's: what a
 * stolen engine host holds cannot register a client.
 */
public final class ClusterKey {
    public static final int BYTES = 32;
    public static final int MAC_BYTES = 32;

    private final byte[] key;

    private ClusterKey(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("cluster key must be " + BYTES + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    public static ClusterKey random() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new ClusterKey(bytes);
    }

    public static ClusterKey fromBase64(String text) {
        try {
            return new ClusterKey(Base64.getDecoder().decode(text.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster key is not valid base64 of 32 bytes: " + e.getMessage(), e);
        }
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** The engines' key: HMAC-SHA256 of a fixed label under this key; it does not give this key back. */
    public ClusterKey forEngines() {
        return new ClusterKey(derive("jcluster engine key v1"));
    }

    /** 32 bytes for one purpose, HMAC-SHA256 of {@code label} under this key; they do not give this key back. */
    public byte[] derive(String label) {
        FrameMac derive = newMac();
        derive.update(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return derive.doFinal();
    }

    /** A new MAC for one channel: MACs are not thread-safe, so each codec owns one. */
    public FrameMac newMac() {
        return new FrameMac(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "ClusterKey[hidden]";
    }
}
