package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.SshOptions;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * Logs in to a host with the profile's key and known_hosts (and the system's), reaching it as the
 * ssh configuration says (HostName, IdentityFile, ProxyJump through as many as four hosts), and
 * says plainly what went wrong when it cannot.
 */
final class SshConnector {
    private static final int TIMEOUT_MILLIS = 15_000;
    private static final int MAX_JUMPS = 4;
    private static final File SYSTEM_KNOWN_HOSTS = new File("/etc/ssh/ssh_known_hosts");

    private final SshOptions options;
    private SshConfig config;

    SshConnector(SshOptions options) {
        this.options = options;
    }

    /** The ssh configuration (ssh.config-file, or ~/.ssh/config), read once. */
    SshConfig config() throws BackendException {
        if (config == null) {
            Path file = path(options.configFile(), ".ssh/config");
            try {
                config = SshConfig.read(file);
            } catch (IOException e) {
                throw new BackendException("ssh: cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    SSHClient open(SshTarget t) throws BackendException {
        return open(t, 0);
    }

    private SSHClient open(SshTarget t, int jumps) throws BackendException {
        SshConfig.Entry c = config().entry(t.host());
        SSHClient jump = c.proxyJump().isBlank() ? null : throughHops(t, List.of(c.proxyJump().split(",")), jumps);
        return login(t, c, jump);
    }

    /**
     * The connection to the last of {@code hops} ([user@]host[:port] each), reached through the ones
     * before it as ProxyJump A,B means: A first, B from A, the target from B.
     */
    private SSHClient throughHops(SshTarget target, List<String> hops, int jumps) throws BackendException {
        if (jumps + hops.size() > MAX_JUMPS) {
            throw new BackendException("ssh " + target + ": ProxyJump goes through more than " + MAX_JUMPS + " hosts");
        }
        SshTarget last = hop(target, hops.get(hops.size() - 1).strip());
        if (hops.size() == 1) {
            return open(last, jumps + 1);  // a hop's own ProxyJump, if the configuration gives it one
        }
        SSHClient before = throughHops(target, hops.subList(0, hops.size() - 1), jumps);
        return login(last, config().entry(last.host()), before);
    }

    private SshTarget hop(SshTarget target, String spec) throws BackendException {
        int at = spec.indexOf('@');
        String user = at > 0 ? spec.substring(0, at) : "";
        String hostPort = spec.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        String port = colon > 0 ? hostPort.substring(colon + 1) : "0";
        if (host.isBlank() || !port.matches("\\d{1,5}")) {
            throw new BackendException("ssh " + target + ": ProxyJump '" + spec + "' is not [user@]host[:port]");
        }
        return SshTarget.of(new SshOptions.SshHost(host, 1, Integer.parseInt(port), user), options, config());
    }

    /** Logs in to {@code t} (through {@code jump} when not null, which is closed if this fails or when this ends). */
    private SSHClient login(SshTarget t, SshConfig.Entry c, SSHClient jump) throws BackendException {
        try {
            return loginOnce(t, c.hostName().isBlank() ? t.host() : c.hostName(), c, jump);
        } catch (BackendException e) {
            if (jump != null) {
                close(jump);
            }
            throw e;
        }
    }

    private SSHClient loginOnce(SshTarget t, String address, SshConfig.Entry c, SSHClient jump) throws BackendException {
        SSHClient client = new SSHClient();
        client.setConnectTimeout(TIMEOUT_MILLIS);
        client.setTimeout(TIMEOUT_MILLIS * 4);
        KnownHostsCheck check;
        File knownHosts = path(options.knownHosts(), ".ssh/known_hosts").toFile();
        try {
            check = new KnownHostsCheck(knownHosts, SYSTEM_KNOWN_HOSTS, options.hostKeyChecking().equals("accept-new"));
        } catch (IOException e) {
            throw new BackendException("ssh: cannot read " + knownHosts + ": " + e.getMessage(), e);
        }
        client.addHostKeyVerifier(check);
        try {
            if (jump == null) {
                client.connect(address, t.port());
            } else {
                client.connectVia(jump.newDirectConnection(address, t.port()));
                // the jump host's connection ends with the one it carries
                client.getTransport().setDisconnectListener((reason, message) -> close(jump));
            }
        } catch (TransportException e) {
            close(client);
            if (check.refused() != null) {
                throw new BackendException("ssh " + t + ": " + check.refused() + "; if it is right, add it with "
                        + "`ssh-keyscan -p " + t.port() + " " + address + " >> " + knownHosts
                        + "` or set ssh.host-key-checking: accept-new", e);
            }
            throw new BackendException("ssh " + t + ": " + e.getMessage(), e);
        } catch (ConnectException | NoRouteToHostException | UnknownHostException | SocketTimeoutException e) {
            close(client);
            throw new BackendException("ssh " + t + ": cannot connect (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); is sshd running there, and is the host name and port right?", e);
        } catch (IOException e) {
            close(client);
            throw new BackendException("ssh " + t + ": " + e, e);
        }
        String identity = !options.identityFile().isBlank() ? options.identityFile() : c.identityFile();
        try {
            if (identity.isBlank()) {
                client.authPublickey(t.user());
            } else {
                client.authPublickey(t.user(), client.loadKeys(path(identity, "").toString()));
            }
            return client;
        } catch (UserAuthException e) {
            close(client);
            throw new BackendException("ssh " + t + ": the host refused the key "
                    + (identity.isBlank() ? "(~/.ssh defaults)" : identity)
                    + " for " + t.user() + " (" + e.getMessage() + "); is its public key in ~" + t.user()
                    + "/.ssh/authorized_keys there?", e);
        } catch (IOException e) {
            close(client);
            throw new BackendException("ssh " + t + ": cannot log in with " + identity + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path path(String configured, String underHome) {
        String p = configured.isBlank() ? "~/" + underHome : configured;
        return p.startsWith("~/") ? Path.of(System.getProperty("user.home"), p.substring(2)) : Path.of(p);
    }

    static void close(SSHClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing a half-open client: nothing left to do
        }
    }
}
