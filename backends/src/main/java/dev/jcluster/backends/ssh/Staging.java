package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Quoting;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The remote paths of the jars, copying only those whose content is not there yet. Before any
     * is used, the host hashes what it holds (sha256sum): a staged jar changed there since (a
     * half-written copy, a disk error, someone else's hand) is copied again, and if it still does
     * not match, nothing starts.
     */
    List<String> jars(List<String> localJars, String remoteDir) throws BackendException {
        Map<String, Path> byRemote = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        try (SFTPClient sftp = client.newSFTPClient()) {
            sftp.mkdirs(remoteDir);
            for (String jar : localJars) {
                Path p = Path.of(jar);
                if (!Files.isRegularFile(p)) {
                    continue;  // a folder or a missing entry of the class path: nothing a host could use
                }
                String hash = sha256(p);
                String r = remoteDir + "/" + hash.substring(0, 16) + "-" + p.getFileName();
                if (sftp.statExistence(r) == null) {
                    put(sftp, p, r);
                }
                byRemote.put(r, p);
                hashes.put(r, hash);
            }
            List<String> wrong = mismatched(hashes);
            for (String r : wrong) {
                put(sftp, byRemote.get(r), r);
            }
            List<String> still = wrong.isEmpty() ? wrong : mismatched(hashes);
            if (!still.isEmpty()) {
                throw new BackendException("ssh " + target + ": the staged jar(s) " + String.join(", ", still)
                        + " do not hash as the local ones even after copying them again; check the disk of "
                        + remoteDir + " on that host");
            }
            return new ArrayList<>(byRemote.keySet());
        } catch (IOException e) {
            throw new BackendException("ssh " + target + ": cannot stage the jcluster jars in " + remoteDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void put(SFTPClient sftp, Path local, String remote) throws IOException {
        sftp.put(local.toString(), remote + ".part");
        if (sftp.statExistence(remote) != null) {
            sftp.rm(remote);  // a bad copy: SFTP v3 (OpenSSH) renames onto no existing file
        }
        sftp.rename(remote + ".part", remote);
    }

    /** The staged files whose SHA-256 on the host is not the one given (missing ones included). */
    private List<String> mismatched(Map<String, String> hashes) throws BackendException {
        RemoteShell.Result r = RemoteShell.run(client, target, "sha256sum -- " + String.join(" ",
                hashes.keySet().stream().map(Quoting::shell).toList()) + " 2>/dev/null");
        Map<String, String> remote = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] cols = line.trim().split("\\s+", 2);
            if (cols.length == 2) {
                remote.put(cols[1].startsWith("*") ? cols[1].substring(1) : cols[1], cols[0]);
            }
        }
        if (remote.isEmpty() && !hashes.isEmpty() && r.exitCode() != 0 && r.stderr().contains("not found")) {
            throw new BackendException("ssh " + target + ": no sha256sum there to check the staged jars with");
        }
        return hashes.entrySet().stream().filter(e -> !e.getValue().equalsIgnoreCase(remote.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
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
