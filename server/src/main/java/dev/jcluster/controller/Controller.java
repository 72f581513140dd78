package dev.jcluster.controller;

import dev.jcluster.controller.store.MvTaskStore;
import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.internal.Transport;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ClusterTls;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.HeapFrameBudget;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.RefusalLog;
import dev.jcluster.protocol.ValueSpool;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running controller: one port for engines and clients. All connections share one event-loop
 * thread, which is also the {@link Dispatcher}'s thread.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final ControllerConfig config;
    private final EventLoopGroup loop;
    private final Dispatcher dispatcher;
    private final Channel server;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** TLS on the port, when the config asks for it; null otherwise. */
    private final ClusterTls.Server tls;
    private final TaskStore store;
    private final GroupCommit commits;
    private final Greetings greetings;
    /** What engines may sign with instead of the cluster key; it opens no client session. */
    private final ClusterKey engineKey;
    /**
     * Where large frames past the heap budget (a quarter of the heap, shared by all connections)
     * are written as they arrive: beside the store, or a temporary directory without one.
     */
    private final ValueSpool spool;
    private final HeapFrameBudget heapFrames = HeapFrameBudget.quarterOfHeap();

    private Controller(ControllerConfig config) throws IOException {
        this.config = config;
        this.engineKey = config.key().forEngines();
        this.greetings = new Greetings(config.maxConnectionsBeforeHello());
        this.tls = config.tlsKeystore() == null ? null : ClusterTls.server(config.tlsKeystore(), config.tlsPassword());
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jcluster-controller"),
                Transport.current().ioHandlers());
        this.store = openStore(config);
        this.spool = openSpool(config);
        this.commits = new GroupCommit(store, loop.next());
        this.dispatcher = new Dispatcher(config, this::closeAfterEnginesLeave, store, commits, loop.next());
        try {
            this.server = new ServerBootstrap()
                    .group(loop)
                    .channel(Transport.current().serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // results wait in the controller (and its store) while a client's socket holds this much
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.context().newHandler(ch.alloc()));
                            }
                            if (greetings.full()) {
                                dispatcher.refusals().peer(ch.remoteAddress(), greetings.max() + " connections are"
                                        + " waiting for their hello already; connection closed");
                                ch.close();
                                return;
                            }
                            Pipelines.addProtocol(ch.pipeline(), config.key(), engineKey, config.maxFrameBytes(),
                                    dispatcher.refusals(), spool, heapFrames);
                            ch.pipeline().addLast("hello", new HelloHandler(dispatcher, greetings));
                        }
                    })
                    .bind(config.bindHost(), config.port()).sync().channel();
        } catch (Exception e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            commits.close();
            store.close();
            removeTemporarySpool();
            throw new IOException("cannot listen on " + config.bindHost() + ":" + config.port() + ": " + e.getMessage()
                    + " (change controller.bind / controller.port in the profile)", e);
        }
        loop.execute(new Runnable() {
            @Override
            public void run() {
                long next = dispatcher.livenessTick();
                dispatcher.flush();
                if (!loop.isShuttingDown()) {
                    loop.schedule(this, next, TimeUnit.NANOSECONDS);
                }
            }
        });
        // an abandoned client's results go after controller.keep-untaken; looked for once a minute
        long sweep = Math.max(1, Math.min(60_000, config.keepUntaken().toMillis()));
        loop.scheduleAtFixedRate(() -> {
            dispatcher.forgetAbandonedClients();
            dispatcher.flush();
        }, sweep, sweep, TimeUnit.MILLISECONDS);
        if (config.restore()) {
            loop.schedule(() -> {
                dispatcher.restoreGraceOver();
                dispatcher.flush();
            }, config.restoreGrace().toMillis(), TimeUnit.MILLISECONDS);
        }
        server.closeFuture().addListener(f -> loop.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .addListener(g -> {
                    dispatcher.stopped();
                    commits.close();
                    store.close();
                    removeTemporarySpool();
                    terminated.complete(null);
                }));
        log.info("controller for cluster {} listening on {}", config.clusterId(), server.localAddress());
    }

    private static TaskStore openStore(ControllerConfig config) throws IOException {
        Path file = config.storeFile();
        if (file == null) {
            return TaskStore.none();
        }
        if (!config.restore()) {
            MvTaskStore.delete(file);
        } else if (!Files.exists(file)) {
            throw new IOException("nothing to restore: no task store at " + file);
        }
        return MvTaskStore.open(file);
    }

    private static ValueSpool openSpool(ControllerConfig config) throws IOException {
        Path file = config.storeFile();
        return ValueSpool.in(file != null ? Path.of(file + ".spool") : Files.createTempDirectory("jcluster-spool-"));
    }

    /** A spool of our own making goes with the controller; one beside a store stays for the next. */
    private void removeTemporarySpool() {
        if (config.storeFile() == null) {
            try {
                Files.deleteIfExists(spool.dir());
            } catch (IOException e) {
                log.debug("could not remove {}: {}", spool.dir(), e.toString());
            }
        }
    }

    public static Controller start(ControllerConfig config) throws IOException {
        return new Controller(config);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The addresses engines and clients should try: the advertised hosts, or every address of the bound interface. */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        if (!config.advertise().isEmpty()) {
            for (String host : config.advertise()) {
                out.add(InetSocketAddress.createUnresolved(host, port()));
            }
            return out;
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        if (!bound.getAddress().isAnyLocalAddress()) {
            out.add(InetSocketAddress.createUnresolved(bound.getAddress().getHostAddress(), port()));
            return out;
        }
        for (InetAddress a : interfaceAddresses()) {
            out.add(InetSocketAddress.createUnresolved(a.getHostAddress(), port()));
        }
        return out;
    }

    public ConnectionInfo connectionInfo() {
        return new ConnectionInfo(config.clusterId(), addresses(), config.key(), ProcessHandle.current().pid(),
                tls == null ? "" : tls.certificateBase64());
    }

    /** What engines need, and no more: the engines' key, with which no client session opens. */
    public ConnectionInfo engineConnectionInfo() {
        return connectionInfo().withKey(engineKey);
    }

    /** Refused frames and peers so far (counted; each logged only while few come in a minute). */
    public RefusalLog refusals() {
        return dispatcher.refusals();
    }

    /** Completes once the controller has stopped (after {@link #close()} or a cluster shutdown). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        server.close();
        terminated.join();
    }

    private void closeAfterEnginesLeave() {
        // engines were told to exit; give them a moment to say goodbye so their tasks end cleanly
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (dispatcher.liveEngines() == 0 || System.nanoTime() > deadline) {
                server.close();
            } else {
                loop.schedule(check[0], 20, TimeUnit.MILLISECONDS);
            }
        };
        loop.execute(check[0]);
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces: {}", e.toString());
        }
        out.sort((a, b) -> Boolean.compare(a.isLoopbackAddress(), b.isLoopbackAddress()));
        return out;
    }
}
