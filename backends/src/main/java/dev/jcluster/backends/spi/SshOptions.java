package dev.jcluster.backends.spi;

import java.util.List;

/**
 * Hosts to start engines on over SSH, and how to log in: a default user, port and key, the
 * known_hosts file checked strictly unless {@code hostKeyChecking} is "accept-new" (unknown hosts
 * are added, changed keys still refused). {@code stage}: copy the jcluster jars to a host that lacks
 * them ("missing"), always, or never. {@code tunnel}: engines reach the controller through an SSH
 * tunnel instead of its advertised addresses. {@code configFile}: the OpenSSH client configuration
 * whose Host blocks say how to reach a host the profile names (HostName, User, Port, IdentityFile,
 * ProxyJump), where the profile leaves those at their defaults. Empty strings mean "the usual": the
 * current user, ~/.ssh keys, config and known_hosts (and /etc/ssh/ssh_known_hosts), the same java
 * path as here, ~/.jcluster on the host for what is copied there.
 */
public record SshOptions(List<SshHost> hosts, String user, int port, String identityFile, String knownHosts,
                         String hostKeyChecking, String stage, boolean tunnel, String java, String remoteDir,
                         String configFile) {
    public static final SshOptions DEFAULTS = new SshOptions(List.of(), "", 22, "", "", "strict", "missing", false, "",
            "", "");

    public SshOptions {
        hosts = List.copyOf(hosts);
    }

    /** One host: its name or address, and how many engines it takes; port and user override the defaults. */
    public record SshHost(String host, int engines, int port, String user) {
    }
}
