package dev.jcluster.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands objects between the engine and code running in its JShell session. JShell snippets can
 * only reach the engine through a class both see, hence the static map; keys are unique per
 * session and transfer, and every entry is taken out right after it is put in.
 */
public final class JShellBridge {
    private static final Map<String, Object> SLOTS = new ConcurrentHashMap<>();

    private JShellBridge() {
    }

    public static void put(String key, Object value) {
        SLOTS.put(key, value == null ? NullValue.INSTANCE : value);
    }

    public static Object take(String key) {
        Object v = SLOTS.remove(key);
        return v == NullValue.INSTANCE ? null : v;
    }

    static boolean has(String key) {
        return SLOTS.containsKey(key);
    }

    private enum NullValue { INSTANCE }
}
