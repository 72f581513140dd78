package dev.jcluster.backends.spi;

import java.util.List;

/**
 * A plug-in that offers several backends of one kind (the batch schedulers, each a declaration), where
 * a {@link BackendProvider} offers one. Listed in META-INF/services like providers.
 */
public interface BackendCatalog {
    List<BackendProvider> providers();
}
