package dev.jcluster.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.controller.Controller;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each artifact's module descriptor lets a user's program see and what it drags in. */
class ModuleBoundariesTest {
    private static ModuleDescriptor descriptorOf(Class<?> type, String module) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(location).find(module).orElseThrow().descriptor();
    }

    private static Map<String, Set<String>> exports(ModuleDescriptor d) {
        return d.exports().stream().collect(Collectors.toMap(ModuleDescriptor.Exports::source,
                ModuleDescriptor.Exports::targets));
    }

    @Test
    void theClientExportsItsApiAndTheProtocolAndSharesItsInternalsWithTheServerOnly() throws Exception {
        ModuleDescriptor client = descriptorOf(Client.class, "dev.jcluster.client");
        assertThat(exports(client)).containsOnly(
                Map.entry("dev.jcluster.client", Set.of()),
                Map.entry("dev.jcluster.protocol", Set.of()),
                Map.entry("dev.jcluster.client.internal", Set.of("dev.jcluster.server")),
                Map.entry("dev.jcluster.internal", Set.of("dev.jcluster.server")));
        assertThat(client.requires()).extracting(ModuleDescriptor.Requires::name)
                .as("a client program gets neither the server, nor logback, H2 or picocli")
                .doesNotContain("dev.jcluster.server", "ch.qos.logback.classic", "com.h2database.mvstore", "info.picocli")
                .contains("org.slf4j");
    }

    @Test
    void theServerKeepsItsStoreInside() throws Exception {
        ModuleDescriptor server = descriptorOf(Controller.class, "dev.jcluster.server");
        assertThat(exports(server)).containsOnlyKeys("dev.jcluster.server", "dev.jcluster.controller", "dev.jcluster.engine");
        assertThat(server.packages()).contains("dev.jcluster.controller.store");
    }
}
