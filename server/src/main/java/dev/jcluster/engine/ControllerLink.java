package dev.jcluster.engine;

import dev.jcluster.internal.Beats;
import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClientGone;
import dev.jcluster.protocol.DataKey;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Pace;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.Welcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's end of one session: frames from the controller, turned into calls on the engine,
 * and the session's heartbeats both ways, at the pace the controller sets. All on the I/O loop.
 */
final class ControllerLink extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger log = LoggerFactory.getLogger(ControllerLink.class);
    private final Engine engine;
    private final Welcome welcome;
    private Beats beats;

    ControllerLink(Engine engine, Welcome welcome) {
        this.engine = engine;
        this.welcome = welcome;
    }

    /** Added in the event-loop turn that read the welcome, so no pace change can come before it. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addFirst("silence", controllerSilence(welcome.heartbeatMillis()));
        beats = new Beats(ctx.channel(), engine::load, welcome.engineId());
        beats.every(welcome.heartbeatMillis(), true);
    }

    /** The controller's cluster grew or shrank past its heartbeat budget: a new period. */
    private void paced(ChannelHandlerContext ctx, int periodMillis) {
        log.info("heartbeat every {} ms from now on", periodMillis);
        ctx.pipeline().replace("silence", "silence", controllerSilence(periodMillis));
        // the last beat may be most of an old period ago and the next is within a new one: within the
        // limit unless a single missed beat is allowed (a longer period; a shorter one keeps the old limit a while)
        beats.every(periodMillis, welcome.missedBeats() == 1);
    }

    /** Closes the link when the controller, which beats every CONTROLLER_PERIODS periods, stays silent. */
    private ControllerSilence controllerSilence(long periodMillis) {
        return new ControllerSilence(periodMillis * welcome.missedBeats() * Heartbeat.CONTROLLER_PERIODS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        Message message = envelope.message();
        if (message instanceof Dispatch d) {
            if (engine.draining()) {
                engine.giveBack(d);
            } else {
                engine.executor().submit(d);
            }
        } else if (message instanceof Cancel c) {
            engine.executor().cancel(c.taskId());
        } else if (message instanceof ClassData data) {
            engine.classArrived(envelope.replyTo(), data);
        } else if (message instanceof ClientGone gone) {
            engine.clientGone(gone.uuid());
        } else if (message instanceof DataKey key) {
            engine.dataKey(key);
        } else if (message instanceof Pace pace) {
            paced(ctx, pace.heartbeatMillis());
        } else if (message instanceof Drain d) {
            log.info("the controller asked this engine to drain: {}", d.reason());
            engine.drain(d.reason());
        } else if (message instanceof Shutdown s) {
            log.info("the controller asked this engine to stop: {}", s.reason());
            engine.stopRequested();
        } else if (!(message instanceof Heartbeat)) {
            // a heartbeat needs no answer: the read itself is what ControllerSilence watches
            log.warn("unexpected {} from the controller; ignored", message.type());
            message.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (beats != null) {
            beats.stop();
        }
        engine.disconnected(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection to the controller: {}", cause.toString());
        ctx.close();
    }
}
