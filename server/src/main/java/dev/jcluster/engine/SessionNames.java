package dev.jcluster.engine;

import dev.jcluster.client.internal.EngineScope;
import java.util.NoSuchElementException;

/** An engine's session as the {@link dev.jcluster.client.Ref}s of its tasks read it. */
final class SessionNames implements EngineScope.Names {
    private final JShellSession session;
    private final String engine;

    SessionNames(JShellSession session, int engineId) {
        this.session = session;
        this.engine = "engine " + engineId;
    }

    @Override
    public Object valueOf(String name) {
        if (!session.has(name)) {
            throw new NoSuchElementException("no value named '" + name + "' on " + engine + ": push it to every engine "
                    + "first (client.direct().push(\"" + name + "\", value))");
        }
        try {
            return session.pull(name);
        } catch (TaskFailure e) {
            throw new IllegalStateException("reading '" + name + "' on " + engine + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return engine;
    }
}
