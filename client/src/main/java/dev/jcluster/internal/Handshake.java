package dev.jcluster.internal;

import dev.jcluster.protocol.ClusterTls;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.Refused;
import dev.jcluster.protocol.SignedFrameDecoder;
import dev.jcluster.protocol.Welcome;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Opens a connection to a controller the way engines and clients both need it: every address of
 * the connection file at once, a signed hello on each, and the first welcome wins (the others are
 * closed). The winner's pipeline gets the caller's handler in the same event-loop turn as the
 * welcome, so no message that follows it can be missed.
 */
public final class Handshake {
    private Handshake() {
    }

    /** The controller answered, and said no (version, engine id in use): trying again will not help. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** A connection that completed the hello. */
    public record Connected(Channel channel, Welcome welcome) {
    }

    public static CompletableFuture<Connected> connect(EventLoopGroup group, ConnectionInfo info, Hello hello,
                                                       int maxFrameBytes, Duration timeout,
                                                       Function<Welcome, ChannelHandler> roleHandler) {
        CompletableFuture<Connected> winner = new CompletableFuture<>();
        List<InetSocketAddress> addresses = info.addresses();
        Queue<Channel> candidates = new ConcurrentLinkedQueue<>();
        // once decided, every other candidate goes; deciding here, not in each connect listener, because
        // on loopback a whole handshake can finish before a listener is even added to its connect future
        winner.whenComplete((won, failure) -> {
            for (Channel ch : candidates) {
                if (won == null || ch != won.channel()) {
                    ch.close();
                }
            }
        });
        Map<InetSocketAddress, String> failures = new ConcurrentHashMap<>();
        OneHello turn = new OneHello(hello);
        AtomicInteger pending = new AtomicInteger(addresses.size());
        Runnable oneFailed = () -> {
            if (pending.decrementAndGet() == 0) {
                winner.completeExceptionally(new IOException(describeFailure(info, failures)));
            }
        };
        SslContext tls;
        try {
            tls = info.tls() ? ClusterTls.client(info.tlsCertificate()) : null;
        } catch (IOException e) {
            winner.completeExceptionally(e);
            return winner;
        }
        for (InetSocketAddress address : addresses) {
            Bootstrap b = new Bootstrap().group(group).channel(Transport.current().socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), address.getHostString(),
                                        address.getPort()));
                            }
                            Pipelines.addProtocol(ch.pipeline(), info.key(), maxFrameBytes);
                            ch.pipeline().addLast("handshake",
                                    new HandshakeHandler(address, hello, turn, winner, failures, oneFailed, roleHandler));
                        }
                    });
            ChannelFuture connect = b.connect(new InetSocketAddress(address.getHostString(), address.getPort()));
            candidates.add(connect.channel());
            if (winner.isDone() && (winner.isCompletedExceptionally() || winner.join().channel() != connect.channel())) {
                connect.channel().close();
            }
            connect.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    failures.put(address, String.valueOf(f.cause().getMessage()));
                    oneFailed.run();
                }
            });
        }
        group.schedule(() -> winner.completeExceptionally(new IOException(
                "no answer from the controller within " + timeout.toMillis() + " ms; " + describeFailure(info, failures))),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        return winner;
    }

    private static String describeFailure(ConnectionInfo info, Map<InetSocketAddress, String> failures) {
        StringBuilder sb = new StringBuilder("cannot reach the controller of cluster " + info.clusterId()
                + "; tried ");
        for (InetSocketAddress a : info.addresses()) {
            sb.append(ConnectionInfo.format(a)).append(" (")
                    .append(failures.getOrDefault(a, "no answer")).append(") ");
        }
        sb.append("- is it running, and does the profile's controller.advertise name an address this host can reach?");
        return sb.toString();
    }

    /**
     * Connections to every advertised address race, but only one at a time says hello: a hello on
     * two of them would register the engine twice, and the controller would replace the first
     * session by the second just as the first one won. The others wait, connected, until the one
     * speaking fails (then the next speaks) or wins (then they are closed).
     */
    private static final class OneHello {
        private final Hello hello;
        private final Deque<Channel> waiting = new ArrayDeque<>();
        private Channel speaking;

        OneHello(Hello hello) {
            this.hello = hello;
        }

        synchronized void connected(Channel ch) {
            if (speaking == null) {
                speak(ch);
            } else {
                waiting.add(ch);
            }
        }

        synchronized void failed(Channel ch) {
            waiting.remove(ch);
            if (ch == speaking) {
                speaking = null;
                Channel next;
                while ((next = waiting.poll()) != null) {
                    if (next.isActive()) {
                        speak(next);
                        return;
                    }
                }
            }
        }

        private void speak(Channel ch) {
            speaking = ch;
            ch.writeAndFlush(Envelope.of(0, hello));
        }
    }

    /** Waits for the welcome on one of the candidate connections. New per channel. */
    private static final class HandshakeHandler extends SimpleChannelInboundHandler<Envelope> {
        private final InetSocketAddress address;
        private final Hello hello;
        private final OneHello turn;
        private final CompletableFuture<Connected> winner;
        private final Map<InetSocketAddress, String> failures;
        private final Runnable oneFailed;
        private final Function<Welcome, ChannelHandler> roleHandler;
        private boolean settled;

        HandshakeHandler(InetSocketAddress address, Hello hello, OneHello turn, CompletableFuture<Connected> winner,
                         Map<InetSocketAddress, String> failures, Runnable oneFailed,
                         Function<Welcome, ChannelHandler> roleHandler) {
            this.address = address;
            this.hello = hello;
            this.turn = turn;
            this.winner = winner;
            this.failures = failures;
            this.oneFailed = oneFailed;
            this.roleHandler = roleHandler;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            turn.connected(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
            if (envelope.message() instanceof Welcome welcome) {
                settled = true;
                if (winner.isDone()) {
                    ctx.close();
                    return;
                }
                ctx.pipeline().get(SignedFrameDecoder.class).helloAccepted();
                ctx.pipeline().replace(this, "role", roleHandler.apply(welcome));
                if (!winner.complete(new Connected(ctx.channel(), welcome))) {
                    ctx.close();
                }
            } else if (envelope.message() instanceof Refused refused) {
                settled = true;
                winner.completeExceptionally(new RefusedException("the controller refused this "
                        + hello.role().name().toLowerCase() + ": " + refused.reason()));
                ctx.close();
            } else {
                envelope.message().release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            turn.failed(ctx.channel());
            if (!settled) {
                settled = true;
                // an exception already said why (a TLS handshake that failed, say): keep its words
                failures.putIfAbsent(address, "closed before the hello completed: wrong cluster key, not a jcluster "
                        + "controller, or TLS on one side only (controller.tls)");
                oneFailed.run();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.put(address, cause.toString());
            ctx.close();
        }
    }
}
