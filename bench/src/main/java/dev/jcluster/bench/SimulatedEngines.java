package dev.jcluster.bench;

import dev.jcluster.internal.Beats;
import dev.jcluster.internal.Handshake;
import dev.jcluster.internal.Transport;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Pace;
import dev.jcluster.protocol.Pipelines;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Version;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Many lightweight engines in one JVM for the scale test: real TCP, the real signed protocol and
 * handshake, heartbeats at the controller's period, and an instant OK for every task. Runs until
 * its standard input closes (the bench that started it ends), so it never outlives the bench.
 * They stand for engines on other machines, so ScaleBench starts their JVM with C1 only: the
 * controller's two cores should not pay for their JIT.
 *
 * <pre>SimulatedEngines CONNECTION_FILE COUNT</pre>
 */
public final class SimulatedEngines {
    private SimulatedEngines() {
    }

    public static void main(String[] args) throws Exception {
        ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        var group = new MultiThreadIoEventLoopGroup(2, Transport.current().ioHandlers());
        Queue<Channel> channels = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(256); // handshakes at once: a burst of 10,000 SYNs overflows backlogs
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            Hello hello = new Hello(Role.ENGINE, Version.CURRENT, "simulated", UUID.randomUUID().toString(), -1,
                    "sim-" + pid, pid);
            Handshake.connect(group, info, hello, Pipelines.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(60),
                    welcome -> new InstantEngine(welcome.engineId(), welcome.heartbeatMillis())).whenComplete((c, e) -> {
                        inFlight.release();
                        if (c != null) {
                            channels.add(c.channel());
                        } else {
                            System.err.println("simulated engine failed: " + e.getMessage());
                        }
                    });
        }
        inFlight.acquire(256);
        System.out.println("connected " + channels.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the bench to go away
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Beats at the period the controller asked for from the moment it is registered, as a real
     * engine does (connecting 10,000 takes longer than the missed-beat limit), and at each new
     * period the controller sets as the cluster grows, with an engine's {@link Beats}; answers
     * every task at once with an empty OK. New per connection.
     */
    private static final class InstantEngine extends SimpleChannelInboundHandler<Envelope> {
        private final int engineId;
        private final int heartbeatMillis;
        private Beats beats;

        InstantEngine(int engineId, int heartbeatMillis) {
            this.engineId = engineId;
            this.heartbeatMillis = heartbeatMillis;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            beats = new Beats(ctx.channel(), () -> Heartbeat.EMPTY, engineId);
            beats.every(heartbeatMillis, true);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            beats.stop();
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
            if (envelope.message() instanceof Dispatch d) {
                long now = System.currentTimeMillis();
                d.release();
                ctx.write(Envelope.of(0, Result.ok(d.taskId(), engineId, "sim", now, now, 0, "", "",
                        Unpooled.EMPTY_BUFFER)), ctx.voidPromise());
            } else if (envelope.message() instanceof Pace p) {
                beats.every(p.heartbeatMillis(), false);
            } else {
                envelope.message().release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
