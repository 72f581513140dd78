package dev.jcluster.launcher.profiles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * {@code controller.bind: auto} and an unset {@code controller.tls}, made concrete from where the
 * processes run: loopback when controller and engines both run on this host only, every interface
 * (each address advertised) otherwise, since engines on other nodes cannot reach a loopback
 * controller; and TLS whenever the controller listens beyond loopback.
 */
final class NetworkDefaults {
    static final String AUTO = "auto";

    private NetworkDefaults() {
    }

    static void resolve(ObjectNode profile, Set<String> thisHostOnly) {
        ObjectNode controller = (ObjectNode) profile.get("controller");
        if (AUTO.equals(controller.path("bind").asText())) {
            boolean here = thisHostOnly.contains(controller.path("backend").asText())
                    && thisHostOnly.contains(profile.path("engines").path("backend").asText());
            controller.put("bind", here ? "127.0.0.1" : "0.0.0.0");
        }
        if (controller.path("tls").isNull() || controller.path("tls").isMissingNode()) {
            controller.put("tls", !Loopback.is(controller.path("bind").asText()));
        }
    }
}
