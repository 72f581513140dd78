package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.Quoting;
import dev.jcluster.backends.spi.SshOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.schmizz.sshj.SSHClient;

/**
 * The engines of one host: their command lines rewritten for it (its copy of the connection file,
 * staged jars, its java), started detached with nohup, and found or killed again by pid.
 */
final class RemoteEngines {
    private final SSHClient client;
    private final SshTarget target;
    private final SshOptions options;
    private final List<ProcessSpec> specs;
    private final Path connection;

    /** {@code connection}: the connection file to copy there (the cluster's, or one that points at a tunnel). */
    RemoteEngines(SSHClient client, SshTarget target, SshOptions options, List<ProcessSpec> specs, Path connection) {
        this.client = client;
        this.target = target;
        this.options = options;
        this.specs = specs;
        this.connection = connection;
    }

    /** Starts every engine; returns their pids in order. */
    List<String> start() throws BackendException {
        List<String> command = new ArrayList<>(specs.get(0).command());
        int fileArg = command.indexOf("--connection-file") + 1;
        String base = options.remoteDir().isBlank() ? run("echo $HOME").stdout().trim() + "/.jcluster"
                : options.remoteDir();
        String dir = base + "/remote/" + Path.of(command.get(fileArg)).getParent().getFileName();
        Path logDir = specs.get(0).logFile().toAbsolutePath().getParent();
        check(run("mkdir -p " + q(dir) + " " + q(logDir.toString()) + " && chmod 700 " + q(dir)), "create " + dir);
        Staging staging = new Staging(client, target);
        staging.upload(connection, dir + "/connection.properties", 0600);
        command.set(fileArg, dir + "/connection.properties");
        stageIfNeeded(command, staging, base);
        checkFolders(List.of(base, base + "/dist", dir));
        if (!options.java().isBlank()) {
            command.set(0, options.java());
        }
        StringBuilder script = new StringBuilder();
        for (ProcessSpec s : specs) {
            StringBuilder inner = new StringBuilder();
            s.environment().forEach((k, v) -> inner.append("export ").append(k).append('=').append(q(v)).append("; "));
            if (s.workingDirectory() != null) {
                inner.append("cd ").append(q(s.workingDirectory().toString())).append(" && ");
            }
            inner.append("JCLUSTER_ENGINE_ID=").append(s.index()).append(" exec ")
                    .append(String.join(" ", command.stream().map(Quoting::shell).toList()))
                    .append(" >> ").append(q(s.logFile().toString())).append(" 2>&1");
            // all three descriptors redirected, or the session waits for the engine to exit
            script.append("nohup sh -c ").append(q(inner.toString())).append(" </dev/null >/dev/null 2>&1 & echo $!\n");
        }
        RemoteShell.Result r = check(run(script.toString()), "start engines");
        List<String> pids = Arrays.stream(r.stdout().split("\\s+")).filter(p -> p.matches("\\d+")).toList();
        if (pids.size() != specs.size()) {
            throw new BackendException("ssh " + target + ": expected " + specs.size() + " engine pids, got: "
                    + r.stdout().strip());
        }
        return pids;
    }

    private void stageIfNeeded(List<String> command, Staging staging, String base) throws BackendException {
        int cpArg = command.indexOf("-cp") + 1;
        if (cpArg == 0 || options.stage().equals("never")) {
            return;
        }
        List<String> jars = Arrays.asList(command.get(cpArg).split(File.pathSeparator));
        boolean present = run("test -r " + q(jars.get(0)) + " && test -x " + q(command.get(0))).exitCode() == 0;
        if (options.stage().equals("always") || !present) {
            List<String> remote = staging.jars(jars, base + "/dist");
            command.set(cpArg, String.join(":", remote));
            if (!present && options.java().isBlank()) {
                command.set(0, "java");  // this host's java is not at our path: use the one on its PATH
            }
        }
    }

    /**
     * The folders jcluster keeps on the host must be the login user's and writable by no one else:
     * whoever can write there can replace the jars engines run or read the connection file.
     */
    private void checkFolders(List<String> folders) throws BackendException {
        StringBuilder cmd = new StringBuilder("id -un");
        for (String f : folders) {
            cmd.append("; if [ -e ").append(q(f)).append(" ]; then stat -c '%a %U' ").append(q(f))
                    .append("; else echo absent; fi");
        }
        List<String> lines = check(run(cmd.toString()), "check the permissions of " + folders.get(0)).stdout()
                .lines().map(String::strip).toList();
        if (lines.size() != folders.size() + 1) {
            throw new BackendException("ssh " + target + ": cannot read the permissions of " + folders + ": " + lines);
        }
        String user = lines.get(0);
        for (int i = 0; i < folders.size(); i++) {
            String[] modeOwner = lines.get(i + 1).split("\\s+");
            if (modeOwner.length != 2) {
                continue;  // absent: nothing kept there
            }
            int mode = Integer.parseInt(modeOwner[0], 8);
            if (!modeOwner[1].equals(user) || (mode & 022) != 0) {
                throw new BackendException("ssh " + target + ": " + folders.get(i) + " is owned by " + modeOwner[1]
                        + " with mode " + modeOwner[0] + "; jcluster keeps jars and the connection file there, so it"
                        + " must be " + user + "'s and writable by no one else (chmod go-w " + folders.get(i) + ")");
            }
        }
    }

    private RemoteShell.Result run(String command) throws BackendException {
        return RemoteShell.run(client, target, command);
    }

    private RemoteShell.Result check(RemoteShell.Result r, String what) throws BackendException {
        if (r.exitCode() != 0) {
            throw new BackendException("ssh " + target + ": cannot " + what + " (exit " + r.exitCode() + "): "
                    + (r.stderr() + r.stdout()).strip());
        }
        return r;
    }

    private static String q(String s) {
        return Quoting.shell(s);
    }
}
