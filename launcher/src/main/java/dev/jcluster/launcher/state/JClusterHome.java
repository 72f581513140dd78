package dev.jcluster.launcher.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** $JCLUSTER_HOME (default ~/.jcluster): user profiles and one folder per cluster. */
public final class JClusterHome {
    public static final String ENV = "JCLUSTER_HOME";
    static final String CACHE = "cache";

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

    /** What jcluster can make again but would rather not: the engines' class archive. */
    public Path cacheDir() {
        return root.resolve(CACHE);
    }

    public Path clustersDir() {
        return root.resolve("clusters");
    }

    public ClusterDir cluster(String profile, String clusterId) {
        return new ClusterDir(clustersDir().resolve(profile + "-" + clusterId));
    }

    /**
     * The folders that hold keys, profiles and pid records (and {@code cluster}'s own, if it exists
     * already) must be the user's alone: whoever owns or can write one can swap a connection file or
     * a profile's command line. Returns the problem, or empty when every existing one is.
     */
    public Optional<String> notUsersAlone(ClusterDir cluster) throws IOException {
        UserPrincipal me = root.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        for (Path p : List.of(root, clustersDir(), profilesDir(), cluster.path())) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.owner().equals(me)) {
                return Optional.of(p + " belongs to " + a.owner().getName() + ", not to you (" + me.getName()
                        + "): its owner can replace a cluster's connection file or a profile's commands; point "
                        + "JCLUSTER_HOME at a folder of your own");
            }
            // a group named like its owner is that user's private group (umask 002 systems): no one else is in it
            boolean groupIsOthers = !a.group().getName().equals(a.owner().getName());
            if (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                    || groupIsOthers && a.permissions().contains(PosixFilePermission.GROUP_WRITE)) {
                return Optional.of(p + " is writable by others (" + PosixFilePermissions.toString(
                        a.permissions()) + "): anyone who can write there can replace a cluster's connection file "
                        + "or a profile's commands; `chmod go-w " + p + "`, or point JCLUSTER_HOME at a folder of "
                        + "your own");
            }
        }
        return Optional.empty();
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
