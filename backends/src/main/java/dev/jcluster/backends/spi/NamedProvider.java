package dev.jcluster.backends.spi;

import java.util.function.Function;

/** The plug-in entry most backends need: a name, a sentence, and a constructor taking the profile's options. */
public abstract class NamedProvider implements BackendProvider {
    private final String name;
    private final String description;
    private final Function<BackendOptions, Backend> factory;

    protected NamedProvider(String name, String description, Function<BackendOptions, Backend> factory) {
        this.name = name;
        this.description = description;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Backend create(BackendOptions options) {
        return factory.apply(options);
    }
}
