package dev.jcluster.controller;

import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.WorkKind;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Map functions by client and hash. A client sends a map's function with the map's first task
 * only (APPLY) and names it by hash in the others (APPLY_REF); this keeps the one copy, makes the
 * others whole for the controller's own use (the store, restoring, retries), and sends each
 * engine the function once, by hash afterwards. Least recently used functions go past a bound;
 * a task naming one that went fails with {@link dev.jcluster.protocol.Result#FUNCTION_UNKNOWN}
 * and its client sends it again whole.
 */
final class Functions {
    /** Room for the functions of many maps; a function is small next to the data it names by Ref. */
    static final long DEFAULT_MAX_BYTES = 64L << 20;
    private final long maxBytes;
    private final Map<String, ByteBuf> parts = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    Functions(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static String key(String clientUuid, String hash) {
        return clientUuid + "/" + hash;
    }

    /**
     * The submission as the controller keeps it: an APPLY's function noted, an APPLY_REF made
     * whole (the given submission's value released); null when the function is not here.
     */
    Submit whole(String clientUuid, Submit submit) {
        TaskSpec spec = submit.spec();
        if (spec.kind() == WorkKind.APPLY) {
            remember(key(clientUuid, spec.text()), spec);
            return submit;
        }
        if (spec.kind() != WorkKind.APPLY_REF) {
            return submit;
        }
        ByteBuf part = parts.get(key(clientUuid, spec.text()));
        if (part == null) {
            return null;
        }
        Submit out = submit.withSpec(spec.withFunction(part.retainedDuplicate()));
        submit.release();
        return out;
    }

    private void remember(String key, TaskSpec spec) {
        if (parts.containsKey(key)) {
            parts.get(key);  // most recently used now
            return;
        }
        ByteBuf part = spec.functionPart();
        parts.put(key, part);
        bytes += part.readableBytes();
        for (Iterator<ByteBuf> it = parts.values().iterator(); bytes > maxBytes && parts.size() > 1 && it.hasNext(); ) {
            ByteBuf eldest = it.next();
            bytes -= eldest.readableBytes();
            eldest.release();
            it.remove();
        }
    }

    /**
     * What a (whole) task's spec becomes on its way to {@code engine}: by hash when the engine has
     * its function already, else whole, and the engine noted as having it. A new reference.
     */
    TaskSpec forEngine(EngineSession engine, String clientUuid, TaskSpec spec) {
        if (spec.kind() != WorkKind.APPLY) {
            return spec.retainedDuplicate();
        }
        String key = key(clientUuid, spec.text());
        if (engine.hasFunction(key)) {
            return spec.byHash();
        }
        engine.sentFunction(key);
        return spec.retainedDuplicate();
    }

    /** A client that is gone for good: its functions go too. */
    void forget(String clientUuid) {
        String prefix = clientUuid + "/";
        for (Iterator<Map.Entry<String, ByteBuf>> it = parts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ByteBuf> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                bytes -= e.getValue().readableBytes();
                e.getValue().release();
                it.remove();
            }
        }
    }

    long bytes() {
        return bytes;
    }
}
