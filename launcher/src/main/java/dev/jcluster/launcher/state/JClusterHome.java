package dev.jcluster.launcher.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** $JCLUSTER_HOME (default ~/.jcluster): user profiles and one folder per cluster. */
public final class JClusterHome {
    public static final String ENV = "JCLUSTER_HOME";

    private final Path root;

    public JClusterHome(Path root) {
        this.root = root;
    }

    public static JClusterHome fromEnvironment(Map<String, String> env) {
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return new JClusterHome(Path.of(home));
        }
        return new JClusterHome(Path.of(System.getProperty("user.home"), ".jcluster"));
    }

    public Path root() {
        return root;
    }

    public Path profilesDir() {
        return root.resolve("profiles");
    }

    public Path clustersDir() {
        return root.resolve("clusters");
    }

    public ClusterDir cluster(String profile, String clusterId) {
        return new ClusterDir(clustersDir().resolve(profile + "-" + clusterId));
    }

    /** Every cluster folder that has a cluster.json, by name. */
    public List<ClusterDir> clusters() throws IOException {
        if (!Files.isDirectory(clustersDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(clustersDir())) {
            return s.filter(Files::isDirectory).sorted().map(ClusterDir::new).filter(ClusterDir::hasInfo).toList();
        }
    }
}
