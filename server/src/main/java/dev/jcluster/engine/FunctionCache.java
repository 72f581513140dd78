package dev.jcluster.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded functions by client and content hash, least recently used dropped past a bound. Used
 * only by the engine's worker thread, hence no locking.
 */
final class FunctionCache {
    private static final int MAX_ENTRIES = 256;

    private final Map<String, Object> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    interface Decoder {
        Object decode() throws Exception;
    }

    Object get(String clientUuid, String hash, Decoder decoder) throws Exception {
        String key = clientUuid + "/" + hash;
        Object fn = entries.get(key);
        if (fn == null) {
            fn = decoder.decode();
            entries.put(key, fn);
        }
        return fn;
    }
}
