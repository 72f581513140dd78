package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * Copies files a remote engine needs over SFTP: the cluster's connection file (0600, it holds the
 * key), and, for hosts without this installation, its jars, each under its content hash so that
 * a jar already there is never sent again.
 */
final class Staging {
    private final SSHClient client;
    private final SshTarget target;

    Staging(SSHClient client, SshTarget target) {
        this.client = client;
        this.target = target;
    }

    void upload(Path local, String remote, int mode) throws BackendException {
        try (SFTPClient sftp = client.newSFTPClient()) {
            sftp.put(local.toString(), remote);
            sftp.chmod(remote, mode);
        } catch (IOException e) {
            throw new BackendException("ssh " + target + ": cannot copy " + local + " to " + remote + ": "
                    + e.getMessage(), e);
        }
    }

    /** The remote paths of the jars, copying only those whose content is not there yet. */
    List<String> jars(List<String> localJars, String remoteDir) throws BackendException {
        List<String> remote = new ArrayList<>();
        try (SFTPClient sftp = client.newSFTPClient()) {
            sftp.mkdirs(remoteDir);
            for (String jar : localJars) {
                Path p = Path.of(jar);
                if (!Files.isRegularFile(p)) {
                    continue;  // a folder or a missing entry of the class path: nothing a host could use
                }
                String r = remoteDir + "/" + sha256(p).substring(0, 16) + "-" + p.getFileName();
                if (sftp.statExistence(r) == null) {
                    sftp.put(jar, r + ".part");
                    sftp.rename(r + ".part", r);
                }
                remote.add(r);
            }
            return remote;
        } catch (IOException e) {
            throw new BackendException("ssh " + target + ": cannot stage the jcluster jars in " + remoteDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
