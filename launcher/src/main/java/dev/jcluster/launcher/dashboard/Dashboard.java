package dev.jcluster.launcher.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jcluster.client.Client;
import dev.jcluster.protocol.TaskDetail;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live web page for a running cluster: a Netty HTTP server on one thread, and one thread that
 * looks at the cluster each second ({@link ClusterWatch}) and pushes the result to every open page.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Client client;
    private final ClusterWatch watch;
    private final EventStreams streams = new EventStreams();
    private final AccessToken token = AccessToken.random();
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jcluster-dashboard-look");
        t.setDaemon(true);
        return t;
    });
    private final Channel server;
    /** The last look, for pages that open between two; null before the first. */
    private volatile Snapshot last;

    private Dashboard(Client client, String cluster, String bind, int port, Consumer<String> problems)
            throws IOException {
        this.client = client;
        this.watch = new ClusterWatch(client, cluster);
        StaticFiles files = new StaticFiles();
        try {
            server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new PageHandler(token, files, streams, Dashboard.this::opening,
                                            Dashboard.this::taskJson));
                        }
                    }).bind(bind, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully();
            throw new IOException("interrupted while binding " + bind + ":" + port);
        } catch (RuntimeException e) {
            loop.shutdownGracefully();
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        looks.scheduleWithFixedDelay(() -> lookAndPush(problems), 0, 1, TimeUnit.SECONDS);
    }

    /** Serves the page for the cluster {@code client} is connected to, on {@code bind}:{@code port} (0: any). */
    public static Dashboard start(Client client, String cluster, String bind, int port, Consumer<String> problems)
            throws IOException {
        return new Dashboard(client, cluster, bind, port, problems);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The address to open, with the token: for this host, or through an ssh port forward to it. */
    public String url(String host) {
        return "http://" + host + ":" + port() + "/?token=" + token.value();
    }

    private void lookAndPush(Consumer<String> problems) {
        try {
            Snapshot s = watch.look();
            last = s;
            if (streams.size() > 0) {
                streams.push(JSON.writeValueAsString(s));
            }
        } catch (IOException | RuntimeException e) {
            problems.accept("cannot read the cluster: " + e.getMessage());
        }
    }

    /**
     * What a page gets first: the last push with the whole window of bars rather than the newest;
     * nothing before the first look (the page waits for the next push).
     */
    private String opening() {
        Snapshot s = last;
        if (s == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(s.withBars(watch.window()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String taskJson(long id) {
        try {
            TaskDetail d = client.task(id);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("found", d.found());
            if (d.found()) {
                doc.put("id", d.row().id());
                doc.put("kind", d.row().kind());
                doc.put("label", d.row().label());
                doc.put("outcome", String.valueOf(d.row().outcome()));
                doc.put("engine", d.row().engineId());
                doc.put("host", d.row().host());
                doc.put("error", d.row().errorClass());
                doc.put("message", d.row().errorMessage());
                doc.put("attempts", d.attempts());
                doc.put("trace", d.errorTrace());
                doc.put("stdout", d.stdout());
                doc.put("stderr", d.stderr());
            }
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            log.warn("task {}: {}", id, e.getMessage());
            return "{\"found\":false,\"problem\":" + JSON.valueToTree(e.getMessage()) + "}";
        }
    }

    @Override
    public void close() {
        looks.shutdownNow();
        streams.close();
        server.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
