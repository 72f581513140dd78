package dev.jcluster.engine;

import dev.jcluster.internal.Arrivals;
import dev.jcluster.internal.CipherWarmUp;
import dev.jcluster.internal.DataLink;
import dev.jcluster.internal.LinkKeys;
import dev.jcluster.internal.ValueLimits;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.DataKey;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where clients open {@link DataLink}s to this engine: a listening socket on the address this
 * engine reaches its controller from (loopback for a local cluster, so nothing binds wider than the
 * controller does), the link keys the controller gave for each client, the values that came, and
 * each client's newest link, on which its large results go back.
 */
final class DataPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataPort.class);
    /** How long a link from a client waits for the controller's word that the client may open it. */
    private static final long KEY_WAIT_MILLIS = 10_000;
    private final ServerSocket server;
    private final ClusterKey key;
    private final Map<String, CompletableFuture<byte[]>> keys = new ConcurrentHashMap<>();
    private final Map<String, DataLink> links = new ConcurrentHashMap<>();
    private final Arrivals arrivals = new Arrivals();
    private final String address;
    /** Results take sealing links only once this JVM's AES-GCM is compiled, or if they are large enough to wait for it. */
    private final CipherWarmUp warmUp = new CipherWarmUp();

    private DataPort(ServerSocket server, ClusterKey key) {
        this.server = server;
        this.key = key;
        this.address = server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
        Thread acceptor = new Thread(this::acceptLoop, "jcluster-data-port");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on the interface that leads to {@code controller}; {@code key} is the one this engine signs with. */
    static DataPort open(InetSocketAddress controller, ClusterKey key) throws IOException {
        InetAddress local;
        try (DatagramSocket probe = new DatagramSocket()) {
            InetAddress host = controller.isUnresolved() ? InetAddress.getByName(controller.getHostString())
                    : controller.getAddress();
            probe.connect(host, controller.getPort());  // picks a route; sends nothing
            local = probe.getLocalAddress();
        }
        if (local == null || local.isAnyLocalAddress()) {
            throw new IOException("no local address toward the controller at " + controller);
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(local, 0), 16);
        return new DataPort(server, key);
    }

    /** "host:port", as the hello gives it. */
    String address() {
        return address;
    }

    Arrivals arrivals() {
        return arrivals;
    }

    /** The controller says this client may open links here. */
    void key(DataKey given) {
        byte[] linkKey;
        try {
            linkKey = unwrap(given);
        } catch (GeneralSecurityException e) {
            log.warn("a link key for client {} that does not open under this engine's key; ignored", given.clientUuid());
            return;
        }
        keys.computeIfAbsent(given.clientUuid(), k -> new CompletableFuture<>()).complete(linkKey);
    }

    /** An engine started with the cluster key (in one JVM with its controller) holds the engines' key through it. */
    private byte[] unwrap(DataKey given) throws GeneralSecurityException {
        try {
            return LinkKeys.unwrap(key, given.clientUuid(), given.wrapped());
        } catch (GeneralSecurityException e) {
            return LinkKeys.unwrap(key.forEngines(), given.clientUuid(), given.wrapped());
        }
    }

    /**
     * The client's newest open link for a value of {@code bytes}, or null. While this JVM's AES-GCM
     * is being compiled, only very large values wait for it (see {@link CipherWarmUp}).
     */
    DataLink linkOf(String clientUuid, long bytes) {
        DataLink link = links.get(clientUuid);
        return link != null && link.isOpen() && warmUp.readyFor(link, bytes) ? link : null;
    }

    /** Clients the controller has given this engine a link key for. */
    int linkKeys() {
        return (int) keys.values().stream().filter(CompletableFuture::isDone).count();
    }

    /** The client will not come back: its links close, its key goes. */
    void clientGone(String clientUuid) {
        keys.remove(clientUuid);
        DataLink link = links.remove(clientUuid);
        if (link != null) {
            link.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread opening = new Thread(() -> open(socket), "jcluster-data-opening");
                opening.setDaemon(true);
                opening.start();
                arrivals.dropUnclaimed();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("data port: {}", e.toString());
                }
            }
        }
    }

    private void open(Socket socket) {
        try {
            DataLink link = DataLink.accept(socket, this::keyFor, arrivals.receiver(ValueLimits::fromHeap,
                    (ended, cause) -> {
                        links.remove(ended.clientUuid(), ended);
                        log.debug("data link from client {} ended: {}", ended.clientUuid(), cause.getMessage());
                    }));
            DataLink old = links.put(link.clientUuid(), link);
            if (old != null) {
                old.close();
            }
            log.debug("data link from client {} open, through {}", link.clientUuid(), link.transport());
            warmUp.startFor(link);
        } catch (IOException e) {
            log.warn("a data link from {} was refused: {}", socket.getRemoteSocketAddress(), e.getMessage());
        }
    }

    private byte[] keyFor(String clientUuid) throws IOException {
        CompletableFuture<byte[]> k = keys.computeIfAbsent(clientUuid, id -> new CompletableFuture<>());
        try {
            return k.get(KEY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            keys.remove(clientUuid, k);
            throw new IOException("the controller gave no link key for client " + clientUuid + " within "
                    + KEY_WAIT_MILLIS / 1000 + " s");
        } catch (ExecutionException | InterruptedException e) {
            throw new IOException("no link key for client " + clientUuid + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.values().forEach(DataLink::close);
        arrivals.close(new IOException("the engine stopped"));
    }
}
