package dev.jcluster.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the link when the controller stays silent too long. First in the pipeline, it counts
 * bytes, not frames: a controller sending a value that takes seconds to arrive is not silent
 * (its heartbeats wait behind it). Time this engine could not look (a long collection, a machine
 * too busy to run it) counts against nobody: the controller's beats may be waiting unread in the
 * socket, as the controller forgives its own stalls. One per channel, on its event loop.
 */
final class ControllerSilence extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ControllerSilence.class);
    /** Looks this many times within the limit. */
    private static final int CHECKS = 10;

    private final long limitNanos;
    private final long checkNanos;
    private long lastReadNanos;
    private long lastCheckNanos;
    private ScheduledFuture<?> next;

    ControllerSilence(long limitMillis) {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
        this.checkNanos = Math.max(1, limitNanos / CHECKS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastReadNanos = System.nanoTime();
        lastCheckNanos = lastReadNanos;
        next = ctx.executor().schedule(() -> check(ctx), checkNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    private void check(ChannelHandlerContext ctx) {
        if (next == null) {
            return;
        }
        long now = System.nanoTime();
        long lag = now - lastCheckNanos - checkNanos;
        lastCheckNanos = now;
        if (lag > checkNanos) {
            lastReadNanos = Math.min(now, lastReadNanos + lag);
        } else if (now - lastReadNanos > limitNanos) {
            log.warn("no heartbeat from the controller for {} ms; closing the connection",
                    TimeUnit.NANOSECONDS.toMillis(now - lastReadNanos));
            next = null;
            ctx.close();
            return;
        }
        next = ctx.executor().schedule(() -> check(ctx), checkNanos, TimeUnit.NANOSECONDS);
    }
}
