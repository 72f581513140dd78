package dev.jcluster.protocol;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds where in an object graph the first non-serializable value sits, so that the error can
 * say "field 'connection' of com.acme.Task (java.sql.Connection)" rather than just a class name.
 * A lambda's captured values are its fields arg$1, arg$2, ...: reported as "captured value N".
 */
final class NonSerializableFinder {
    private static final int MAX_VISITS = 10_000;

    private NonSerializableFinder() {
    }

    private record Node(Object value, String path) {
    }

    /** The path to the first value that is not Serializable, or null when none is found. */
    static String find(Object root) {
        Deque<Node> queue = new ArrayDeque<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        queue.add(new Node(root, "the task"));
        int visits = 0;
        while (!queue.isEmpty() && visits++ < MAX_VISITS) {
            Node n = queue.poll();
            Object v = n.value;
            if (v == null || seen.put(v, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> c = v.getClass();
            if (!(v instanceof Serializable)) {
                return n.path + " (" + c.getName() + ")";
            }
            if (c.isArray() && !c.getComponentType().isPrimitive()) {
                Object[] items = (Object[]) v;
                for (int i = 0; i < items.length; i++) {
                    queue.add(new Node(items[i], n.path + "[" + i + "]"));
                }
            } else if (v instanceof Collection<?> col && c.getName().startsWith("java.")) {
                int i = 0;
                for (Object item : col) {
                    queue.add(new Node(item, "element " + i++ + " of " + n.path));
                }
            } else if (v instanceof Map<?, ?> map && c.getName().startsWith("java.")) {
                map.forEach((k, val) -> {
                    queue.add(new Node(k, "a key of " + n.path));
                    queue.add(new Node(val, "the value for key '" + k + "' of " + n.path));
                });
            } else if (!c.getName().startsWith("java.")) {
                addFields(queue, v, c, n.path);
            }
        }
        return null;
    }

    private static void addFields(Deque<Node> queue, Object v, Class<?> c, String path) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    String name = f.getName().startsWith("arg$") && c.isSynthetic()
                            ? "captured value " + f.getName().substring(4) + " of the lambda"
                            : "field '" + f.getName() + "' of " + k.getName();
                    queue.add(new Node(f.get(v), name + (path.equals("the task") ? "" : " in " + path)));
                } catch (RuntimeException | IllegalAccessException e) {
                    // a module that does not open its fields: nothing to learn there
                }
            }
        }
    }
}
