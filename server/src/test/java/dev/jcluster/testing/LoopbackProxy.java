package dev.jcluster.testing;

import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP proxy on loopback between a client and its controller, for breaking the link on purpose:
 * it cuts any connection whose client has sent more than a set number of bytes, and it can shut
 * its door (every connection closed, new ones closed at once) and open it again. The target is
 * asked for at every new connection, so the proxy follows a controller that came back elsewhere.
 */
public final class LoopbackProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Supplier<InetSocketAddress> target;
    private final long cutAfter;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cut = new AtomicInteger();
    private final AtomicLong fromClients = new AtomicLong();
    private volatile boolean shut;
    /** While set, nothing goes from controllers to clients: a client that stops reading, as its controller sees it. */
    private final Object toClientsGate = new Object();
    private boolean toClientsPaused;

    public LoopbackProxy(Supplier<InetSocketAddress> target, long cutAfter) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.cutAfter = cutAfter;
        threads.execute(this::accept);
    }

    /** Where clients connect, for a connection file. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved("127.0.0.1", server.getLocalPort());
    }

    /** Connections cut for carrying more than the limit. */
    public int cut() {
        return cut.get();
    }

    /** Writes a connection file like {@code real}'s, but through this proxy; returns its path. */
    public Path connectionFile(ConnectionInfo real, Path file) throws IOException {
        new ConnectionInfo(real.clusterId(), List.of(address()), real.key(), real.controllerPid()).write(file);
        return file;
    }

    /** Bytes clients have sent through the proxy, over every connection. */
    public long fromClients() {
        return fromClients.get();
    }

    /** Closes every connection, and every new one at once, until {@link #open()}. */
    public void shut() {
        shut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    public void open() {
        shut = false;
    }

    /** Stops passing bytes from controllers to clients: the controller's sockets fill, as if its clients stopped reading. */
    public void pauseToClients() {
        synchronized (toClientsGate) {
            toClientsPaused = true;
        }
    }

    public void resumeToClients() {
        synchronized (toClientsGate) {
            toClientsPaused = false;
            toClientsGate.notifyAll();
        }
    }

    private void waitWhilePaused() throws InterruptedException {
        synchronized (toClientsGate) {
            while (toClientsPaused) {
                toClientsGate.wait();
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;  // the proxy closed
            }
            if (shut) {
                closeQuietly(client);
                continue;
            }
            try {
                InetSocketAddress to = target.get();
                Socket controller = new Socket(InetAddress.getLoopbackAddress(), to.getPort());
                open.add(client);
                open.add(controller);
                threads.execute(() -> pump(client, controller, cutAfter, fromClients, false));
                threads.execute(() -> pump(controller, client, Long.MAX_VALUE, new AtomicLong(), true));
            } catch (IOException | UncheckedIOException e) {
                closeQuietly(client);  // no controller there now: as if the connection was refused
            }
        }
    }

    /** Until either side closes, or {@code max} bytes have passed: then both close. */
    private void pump(Socket from, Socket to, long max, AtomicLong counted, boolean toClient) {
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            if (toClient) {
                waitWhilePaused();
            }
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                if (toClient) {
                    waitWhilePaused();
                }
                total += n;
                counted.addAndGet(n);
                if (total > max) {
                    cut.incrementAndGet();
                    return;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side went away: the other goes too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // the proxy is closing
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            // closed already
        }
        shut();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
