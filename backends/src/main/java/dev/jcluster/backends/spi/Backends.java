package dev.jcluster.backends.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The backends on the class path, found once by name. An unknown name is an error listing the known ones. */
public final class Backends {
    private final Map<String, BackendProvider> byName;
    private final BackendOptions options;

    private Backends(Map<String, BackendProvider> byName, BackendOptions options) {
        this.byName = byName;
        this.options = options;
    }

    /** The same backends, created with a cluster's own options (its SSH hosts and keys, say) unless told otherwise. */
    public Backends withOptions(BackendOptions clusterOptions) {
        return new Backends(byName, clusterOptions);
    }

    public static Backends discover() {
        ClassLoader loader = Backends.class.getClassLoader();
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(found::add);
        ServiceLoader.load(BackendCatalog.class, loader).forEach(c -> found.addAll(c.providers()));
        Map<String, BackendProvider> map = new TreeMap<>();
        for (BackendProvider p : found) {
            BackendProvider previous = map.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two backends are named '" + p.name() + "': "
                        + previous.description() + " and " + p.description());
            }
        }
        return new Backends(map, BackendOptions.DEFAULTS);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** The names of the backends whose processes run on this host only (see {@link BackendProvider#thisHostOnly}). */
    public Set<String> thisHostOnly() {
        Set<String> out = new TreeSet<>();
        byName.forEach((name, p) -> {
            if (p.thisHostOnly()) {
                out.add(name);
            }
        });
        return out;
    }

    public BackendProvider provider(String name) {
        BackendProvider p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + String.join(", ", names()));
        }
        return p;
    }

    /** A backend for watching and stopping what was launched, with the options this registry carries. */
    public Backend create(String name) {
        return provider(name).create(options);
    }

    public Backend create(String name, BackendOptions options) {
        return provider(name).create(options);
    }
}
