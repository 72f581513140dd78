package dev.jcluster.controller;

import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Drain;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Output;
import dev.jcluster.protocol.Result;
import dev.jcluster.protocol.SignedFrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames from one engine session, turned into dispatcher calls. New per channel: holds its session. */
final class EngineHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger log = LoggerFactory.getLogger(EngineHandler.class);
    private final Dispatcher dispatcher;
    private final EngineSession session;

    EngineHandler(Dispatcher dispatcher, EngineSession session) {
        this.dispatcher = dispatcher;
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        Message message = envelope.message();
        if (message instanceof Heartbeat beat) {
            dispatcher.heartbeat(session, beat);
            return;
        }
        dispatcher.heard(session);
        if (message instanceof Result r) {
            dispatcher.result(session, r);
        } else if (message instanceof Output o) {
            dispatcher.output(session, o);
        } else if (message instanceof ClassRequest c) {
            dispatcher.classRequest(session, envelope.id(), c);
        } else if (message instanceof Drain d) {
            dispatcher.drain(session, d);
        } else {
            log.warn("{} sent an unexpected {}; ignored", session.describe(), message.type());
            message.release();
        }
    }

    /** Part of a large frame arrived: the engine is alive, though its heartbeats wait behind that frame. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == SignedFrameDecoder.FRAME_PROGRESS) {
            dispatcher.heard(session);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        dispatcher.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dispatcher.engineLost(session, "connection closed");
        dispatcher.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: {}", session.describe(), cause.toString());
        ctx.close();
    }
}
