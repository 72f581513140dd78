package dev.jcluster.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} arguments of the controller and engine entry points. These are started
 * by the launcher, not typed by people, so a small strict parser is enough.
 */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    private Args() {
    }

    public static Args parse(String[] argv, String... known) {
        Args args = new Args();
        Set<String> allowed = Set.of(known);
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (!name.startsWith("--") || !allowed.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + name + "'; known: --" + String.join(", --", known));
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("argument " + name + " needs a value");
            }
            args.values.put(name.substring(2), argv[++i]);
        }
        return args;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
