package dev.jcluster.protocol;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** The cluster's 256-bit secret; every frame is signed with it (HMAC-SHA256). */
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
