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
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/** Logs in to a host with the profile's key and known_hosts, and says plainly what went wrong when it cannot. */
final class SshConnector {
    private static final int TIMEOUT_MILLIS = 15_000;

    private final SshOptions options;

    SshConnector(SshOptions options) {
        this.options = options;
    }

    SSHClient open(SshTarget t) throws BackendException {
        SSHClient client = new SSHClient();
        client.setConnectTimeout(TIMEOUT_MILLIS);
        client.setTimeout(TIMEOUT_MILLIS * 4);
        KnownHostsCheck check;
        File knownHosts = path(options.knownHosts(), ".ssh/known_hosts").toFile();
        try {
            check = new KnownHostsCheck(knownHosts, options.hostKeyChecking().equals("accept-new"));
        } catch (IOException e) {
            throw new BackendException("ssh: cannot read " + knownHosts + ": " + e.getMessage(), e);
        }
        client.addHostKeyVerifier(check);
        try {
            client.connect(t.host(), t.port());
        } catch (TransportException e) {
            close(client);
            if (check.refused() != null) {
                throw new BackendException("ssh " + t + ": " + check.refused() + "; if it is right, add it with "
                        + "`ssh-keyscan -p " + t.port() + " " + t.host() + " >> " + knownHosts
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
        try {
            if (options.identityFile().isBlank()) {
                client.authPublickey(t.user());
            } else {
                client.authPublickey(t.user(), client.loadKeys(path(options.identityFile(), "").toString()));
            }
            return client;
        } catch (UserAuthException e) {
            close(client);
            throw new BackendException("ssh " + t + ": the host refused the key "
                    + (options.identityFile().isBlank() ? "(~/.ssh defaults)" : options.identityFile())
                    + " for " + t.user() + " (" + e.getMessage() + "); is its public key in ~" + t.user()
                    + "/.ssh/authorized_keys there?", e);
        } catch (IOException e) {
            close(client);
            throw new BackendException("ssh " + t + ": cannot log in with " + options.identityFile() + ": "
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
