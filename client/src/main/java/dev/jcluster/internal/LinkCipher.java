package dev.jcluster.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals or opens the records of one direction of a {@link DataLink}: AES-256-GCM, the nonce the
 * record's number in the direction, so no nonce repeats under a key and a record cannot be
 * dropped, repeated or moved without the next open failing. AES-GCM rather than the frames'
 * HMAC-SHA256: the JVM runs it with the CPU's AES and carry-less multiply instructions at three
 * times the speed, and it keeps the bytes private as well. Not thread-safe: one per direction.
 */
final class LinkCipher {
    static final int TAG_BYTES = 16;
    private static final int WARM_UP_RECORD = 8192;
    private static final int WARM_UP_RECORDS = 3000;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final int mode;
    private final byte[] nonce = new byte[12];
    private long records;

    LinkCipher(byte[] key, boolean seals) {
        this.key = new SecretKeySpec(key, "AES");
        this.mode = seals ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /** Seals {@code length} bytes of {@code in} into {@code out} at {@code outOffset}; returns the sealed length. */
    int seal(byte[] in, int offset, int length, byte[] out, int outOffset) throws IOException {
        try {
            return next().doFinal(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal a data link record: " + e, e);
        }
    }

    /** Seals {@code length} bytes of {@code in} into {@code out} (a slot of a {@link SharedRing}); returns the sealed length. */
    int seal(byte[] in, int offset, int length, ByteBuffer out) throws IOException {
        try {
            return next().doFinal(ByteBuffer.wrap(in, offset, length), out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal a data link record: " + e, e);
        }
    }

    /** Opens the sealed record {@code in[offset, offset + length)} into {@code out} at {@code outOffset}; returns the plain length. */
    int open(byte[] in, int offset, int length, byte[] out, int outOffset) throws IOException {
        try {
            return next().doFinal(in, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new IOException("a data link record failed its check: not sealed with this link's key, or altered", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open a data link record: " + e, e);
        }
    }

    /**
     * Runs a few thousand small records through both directions under a throwaway key. The JVM uses
     * the CPU's AES-GCM instructions only from code its optimizing compiler has compiled, which it
     * does after some thousands of calls; before that a value moves at a fiftieth of the speed, so
     * the first gigabytes of a process would crawl. This costs a few tenths of a second of one core.
     */
    static void warmUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        LinkCipher sealing = new LinkCipher(key, true);
        LinkCipher opening = new LinkCipher(key, false);
        byte[] plain = new byte[WARM_UP_RECORD];
        byte[] sealedBytes = new byte[WARM_UP_RECORD + TAG_BYTES];
        ByteBuffer slot = ByteBuffer.allocateDirect(sealedBytes.length);  // the path that seals into a SharedRing
        try {
            for (int i = 0; i < WARM_UP_RECORDS; i++) {
                int n;
                if (i % 2 == 0) {
                    n = sealing.seal(plain, 0, plain.length, sealedBytes, 0);
                } else {
                    n = sealing.seal(plain, 0, plain.length, slot.clear());
                    slot.get(0, sealedBytes, 0, n);
                }
                opening.open(sealedBytes, 0, n, plain, 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException("AES-GCM failed its own round trip: " + e, e);
        }
    }

    private Cipher next() throws GeneralSecurityException {
        ByteBuffer.wrap(nonce).putLong(4, ++records);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher;
    }
}
