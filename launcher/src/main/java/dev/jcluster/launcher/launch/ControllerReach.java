package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.launcher.profiles.Loopback;
import dev.jcluster.launcher.profiles.Profile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, before anything starts, a controller that listens on loopback while its engines run on
 * other hosts, where loopback does not reach: on a real cluster that is engines that never register
 * and a start that times out. A scheduler whose nodes are all this host is fine.
 */
final class ControllerReach {
    private ControllerReach() {
    }

    /** The engines' backend, made only when it is asked where they run; null when the launch will say what is wrong with it. */
    interface EnginesBackend {
        Backend create() throws LaunchException;
    }

    static void check(Profile profile, EnginesBackend backend) throws LaunchException {
        String bind = profile.controller().bind();
        if (!Loopback.is(bind)) {
            return;  // the common case: nothing to ask, no backend to make
        }
        Backend engines = backend.create();
        if (engines == null) {
            return;
        }
        Optional<List<String>> hosts = engines.hosts();
        Set<String> here = thisHost();
        List<String> elsewhere = hosts.map(list -> list.stream().filter(h -> !isThisHost(h, here)).toList())
                .orElse(null);
        if (elsewhere != null && elsewhere.isEmpty()) {
            return;
        }
        String where = elsewhere == null ? "wherever " + engines.name() + " puts them (it cannot say which hosts)"
                : "on " + String.join(", ", elsewhere);
        throw new LaunchException("profile " + profile.name() + " binds the controller to " + bind
                + " (loopback), but runs its engines " + where + ", and from there loopback does not reach this host."
                + " Set controller.bind: 0.0.0.0 (every address; TLS is then on) or auto, or this host's address as"
                + " the engines see it, in " + profile.source());
    }

    private static boolean isThisHost(String host, Set<String> here) {
        String h = host.toLowerCase(Locale.ROOT);
        return Loopback.is(h) || here.contains(h) || here.contains(h.split("\\.", 2)[0]);
    }

    /** This host's names, full and short, lower case. */
    private static Set<String> thisHost() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            for (String n : List.of(local.getHostName(), local.getCanonicalHostName())) {
                String lower = n.toLowerCase(Locale.ROOT);
                names.add(lower);
                names.add(lower.split("\\.", 2)[0]);
            }
        } catch (UnknownHostException e) {
            // only loopback names count as this host then
        }
        return names;
    }
}
