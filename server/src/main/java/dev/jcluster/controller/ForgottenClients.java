package dev.jcluster.controller;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients the controller has forgotten, until engines may forget them too: a client forgotten as
 * it disconnects (nothing waited for it) may still be a reconnect blip, and an engine that dropped
 * its class loader would load its classes anew, so objects made before would no longer cast. So a
 * client is due for engines only {@code grace} after it was forgotten, unless it came back.
 */
final class ForgottenClients {
    private final Map<String, Long> since = new LinkedHashMap<>();
    private final long graceNanos;

    ForgottenClients(long graceNanos) {
        this.graceNanos = graceNanos;
    }

    void forgotten(String uuid, long nowNanos) {
        since.put(uuid, nowNanos);
    }

    /** Forgotten long ago already (away past keep-untaken): due at the next look. */
    void forgottenForGood(String uuid) {
        since.put(uuid, Long.MIN_VALUE / 2);
    }

    void returned(String uuid) {
        since.remove(uuid);
    }

    /** The clients engines may now forget; each is returned once. */
    List<String> due(long nowNanos) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> it = since.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (nowNanos - e.getValue() >= graceNanos) {
                out.add(e.getKey());
                it.remove();
            }
        }
        return out;
    }

    int size() {
        return since.size();
    }
}
