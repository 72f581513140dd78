package dev.jcluster.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Class bytes this engine has received, by resource name with their SHA-256. A request names the
 * hash it holds; a client with the same bytes answers "same" and nothing is sent again.
 */
final class ClassCache {
    private record Entry(byte[] hash, byte[] bytes) {
    }

    private final Map<String, Entry> byName = new ConcurrentHashMap<>();

    byte[] knownHash(String resourceName) {
        Entry e = byName.get(resourceName);
        return e == null ? new byte[0] : e.hash;
    }

    /** The cached bytes when {@code hash} matches them, else null. */
    byte[] bytesFor(String resourceName, byte[] hash) {
        Entry e = byName.get(resourceName);
        return e != null && Arrays.equals(e.hash, hash) ? e.bytes : null;
    }

    void put(String resourceName, byte[] hash, byte[] bytes) {
        byName.put(resourceName, new Entry(hash, bytes));
    }
}
