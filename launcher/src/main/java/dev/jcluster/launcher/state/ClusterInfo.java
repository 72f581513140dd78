package dev.jcluster.launcher.state;

/**
 * What a cluster folder says about its cluster: written at start, updated at stop.
 * {@code launcherPid} is the foreground `jcluster start` (0 when daemonized).
 */
public record ClusterInfo(String profile, String clusterId, String controllerBackend, String engineBackend,
                          long createdAtMillis, long launcherPid, boolean stopped) {
    public ClusterInfo asStopped() {
        return new ClusterInfo(profile, clusterId, controllerBackend, engineBackend, createdAtMillis, launcherPid, true);
    }
}
