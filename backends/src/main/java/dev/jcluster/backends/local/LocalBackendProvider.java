package dev.jcluster.backends.local;

import dev.jcluster.backends.spi.NamedProvider;

/** Plug-in entry for {@link LocalBackend}. */
public final class LocalBackendProvider extends NamedProvider {
    public LocalBackendProvider() {
        super("local", "processes on this machine", o -> new LocalBackend());
    }

    @Override
    public boolean thisHostOnly() {
        return true;
    }
}
