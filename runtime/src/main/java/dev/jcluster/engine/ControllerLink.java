package dev.jcluster.engine;

import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.Dispatch;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Shutdown;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's end of one session: frames from the controller, turned into calls on the engine. */
final class ControllerLink extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger log = LoggerFactory.getLogger(ControllerLink.class);
    private final Engine engine;

    ControllerLink(Engine engine) {
        this.engine = engine;
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
        } else if (message instanceof Shutdown s) {
            log.info("the controller asked this engine to stop: {}", s.reason());
            engine.stopRequested();
        } else if (!(message instanceof Heartbeat)) {
            // a heartbeat needs no answer: the read itself is what the idle handler watches
            log.warn("unexpected {} from the controller; ignored", message.type());
            message.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.warn("no heartbeat from the controller; closing the connection");
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        engine.disconnected(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection to the controller: {}", cause.toString());
        ctx.close();
    }
}
