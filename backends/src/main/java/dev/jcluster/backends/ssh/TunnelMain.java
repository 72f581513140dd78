package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.ProcessIdentity;
import dev.jcluster.backends.spi.SshOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder.Forward;
import net.schmizz.sshj.connection.channel.forwarded.SocketForwardingConnectListener;

/**
 * Keeps one SSH tunnel open for the engines of one host when they cannot reach the controller
 * directly: a port on the host's loopback, forwarded to the controller here. It writes the port it
 * got to a file, and exits when the controller does (or the SSH connection drops).
 * <p>Arguments: user@host:port controllerHost:controllerPort controllerPid portFile identityFile knownHosts
 * hostKeyChecking sshConfigFile
 */
public final class TunnelMain {
    private TunnelMain() {
    }

    public static void main(String[] args) throws Exception {
        SshTarget target = SshTarget.parse(args[0]);
        String controller = args[1];
        long controllerPid = Long.parseLong(args[2]);
        Path portFile = Path.of(args[3]);
        SshOptions options = new SshOptions(List.of(), target.user(), target.port(), arg(args, 4), arg(args, 5),
                args.length > 6 ? args[6] : "strict", "never", true, "", "", arg(args, 7));
        int colon = controller.lastIndexOf(':');
        InetSocketAddress to = new InetSocketAddress(controller.substring(0, colon),
                Integer.parseInt(controller.substring(colon + 1)));
        SSHClient client = new SshConnector(options).open(target);
        client.getConnection().getKeepAlive().setKeepAliveInterval(15);
        Forward bound = client.getRemotePortForwarder().bind(new Forward("127.0.0.1", 0),
                new SocketForwardingConnectListener(to));
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(bound.getPort()));
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("tunnel " + target + " 127.0.0.1:" + bound.getPort() + " -> " + to);
        while (client.isConnected() && ProcessHandle.of(controllerPid).map(ProcessIdentity::alive).orElse(false)) {
            Thread.sleep(1000);
        }
        System.out.println("tunnel " + target + " closing: " + (client.isConnected() ? "the controller exited"
                : "the SSH connection dropped"));
        try {
            client.close();
        } catch (IOException e) {
            // leaving anyway
        }
    }

    private static String arg(String[] args, int i) {
        return args.length > i && !args[i].equals("-") ? args[i] : "";
    }
}
