package dev.jcluster.backends.spi;

/** A backend plug-in: its name, as profiles write it, and a factory. Listed in META-INF/services. */
public interface BackendProvider {
    String name();

    /** One sentence for `jcluster profile create --help` and error messages. */
    String description();

    /**
     * Whether what it starts runs on this host only (local processes, mpiexec without a host list):
     * then a controller on loopback is in reach, which is what `controller.bind: auto` picks.
     */
    default boolean thisHostOnly() {
        return false;
    }

    /** A backend for a profile's settings; each backend reads only its own part of them. */
    Backend create(BackendOptions options);
}
