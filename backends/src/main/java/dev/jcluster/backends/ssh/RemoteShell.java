package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/** One shell command on a logged-in host, to completion, with its output and exit status. */
final class RemoteShell {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private RemoteShell() {
    }

    static Result run(SSHClient client, SshTarget target, String command) throws BackendException {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(cmd.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            cmd.join(60, TimeUnit.SECONDS);
            Integer status = cmd.getExitStatus();
            return new Result(status == null ? -1 : status, out, err);
        } catch (IOException e) {
            throw new BackendException("ssh " + target + ": `" + command.lines().findFirst().orElse("") + "` failed: "
                    + e.getMessage(), e);
        }
    }
}
