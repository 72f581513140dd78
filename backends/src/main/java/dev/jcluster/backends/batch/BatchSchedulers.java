package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendCatalog;
import dev.jcluster.backends.spi.BackendOptions;
import dev.jcluster.backends.spi.BackendProvider;
import java.util.List;

/** Plug-in entry: a backend for every scheduler in {@link Schedulers}. */
public final class BatchSchedulers implements BackendCatalog {
    @Override
    public List<BackendProvider> providers() {
        return Schedulers.ALL.stream().<BackendProvider>map(SchedulerProvider::new).toList();
    }

    private record SchedulerProvider(Scheduler scheduler) implements BackendProvider {
        @Override
        public String name() {
            return scheduler.name();
        }

        @Override
        public String description() {
            return scheduler.description();
        }

        @Override
        public Backend create(BackendOptions options) {
            return new BatchBackend(scheduler, options.batch());
        }
    }
}
