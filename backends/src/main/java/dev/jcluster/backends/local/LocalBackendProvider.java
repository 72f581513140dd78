package dev.jcluster.backends.local;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendProvider;
import dev.jcluster.backends.spi.JobOptions;

/** Plug-in entry for {@link LocalBackend}. */
public final class LocalBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public String description() {
        return "processes on this machine";
    }

    @Override
    public Backend create(JobOptions options) {
        return new LocalBackend();
    }
}
