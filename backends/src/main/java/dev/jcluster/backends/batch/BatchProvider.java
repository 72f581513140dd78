package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendProvider;
import dev.jcluster.backends.spi.JobOptions;
import java.util.function.Function;

/** The plug-in entry every batch scheduler shares: a name, a sentence, a constructor. */
public abstract class BatchProvider implements BackendProvider {
    private final String name;
    private final String description;
    private final Function<JobOptions, Backend> factory;

    protected BatchProvider(String name, String description, Function<JobOptions, Backend> factory) {
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
    public Backend create(JobOptions options) {
        return factory.apply(options);
    }
}
