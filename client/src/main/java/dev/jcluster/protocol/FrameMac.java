package dev.jcluster.protocol;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) with the key's inner and outer pad blocks hashed once. javax.crypto's
 * Mac hashes both again for every message: for a frame of a hundred bytes that is two of its six
 * SHA-256 blocks, and the controller signs and checks four frames per task.
 * One per codec, like a Mac: not thread-safe; a MAC is done by {@link #doFinal}, and the next
 * update starts the next one.
 */
public final class FrameMac {
    private static final String DIGEST = "SHA-256";
    private static final int BLOCK_BYTES = 64;

    private final MessageDigest innerStart;
    private final MessageDigest outerStart;
    private final byte[] innerHash = new byte[ClusterKey.MAC_BYTES];
    private MessageDigest inner;

    FrameMac(byte[] key) {
        if (key.length > BLOCK_BYTES) {
            throw new IllegalArgumentException("keys longer than a block are hashed first; this one is "
                    + key.length + " bytes");
        }
        byte[] innerPad = new byte[BLOCK_BYTES];
        byte[] outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        innerStart = sha256();
        innerStart.update(innerPad);
        outerStart = sha256();
        outerStart.update(outerPad);
    }

    public void update(byte[] bytes) {
        inner().update(bytes);
    }

    public void update(ByteBuffer bytes) {
        inner().update(bytes);
    }

    public byte[] doFinal() {
        byte[] out = new byte[ClusterKey.MAC_BYTES];
        doFinal(out, 0);
        return out;
    }

    public void doFinal(byte[] out, int offset) {
        try {
            inner().digest(innerHash, 0, innerHash.length);
            inner = null;
            MessageDigest outer = copy(outerStart);
            outer.update(innerHash);
            outer.digest(out, offset, ClusterKey.MAC_BYTES);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for a " + ClusterKey.MAC_BYTES + "-byte MAC at " + offset
                    + " of " + out.length + " bytes", e);
        }
    }

    private MessageDigest inner() {
        if (inner == null) {
            inner = copy(innerStart);
        }
        return inner;
    }

    private static MessageDigest copy(MessageDigest start) {
        try {
            return (MessageDigest) start.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's SHA-256 cannot be cloned", e);
        }
    }

    /** A plain SHA-256, as a large frame's value is hashed (see {@link SignedFrameEncoder}). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
