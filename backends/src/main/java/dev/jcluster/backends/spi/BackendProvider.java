package dev.jcluster.backends.spi;

/** A backend plug-in: its name, as profiles write it, and a factory. Listed in META-INF/services. */
public interface BackendProvider {
    String name();

    /** One sentence for `jcluster profile create --help` and error messages. */
    String description();

    /** A backend for a profile's job options; backends that submit no jobs ignore them. */
    Backend create(JobOptions options);
}
