package dev.jcluster.controller;

import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.SignedFrameDecoder;
import dev.jcluster.protocol.Version;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.TimeUnit;

/**
 * Port unification: the first message must be a hello of a known role and the same version; it
 * then installs that role's handler and steps aside. New per channel (it is replaced, not shared).
 */
final class HelloHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final int HELLO_TIMEOUT_SECONDS = 10;
    private final Dispatcher dispatcher;
    private final Greetings greetings;

    HelloHandler(Dispatcher dispatcher, Greetings greetings) {
        this.dispatcher = dispatcher;
        this.greetings = greetings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        greetings.opened();
        // a peer that never says hello is dropped instead of holding a connection forever
        ctx.executor().schedule(() -> {
            if (ctx.pipeline().get(HelloHandler.class) == this) {
                dispatcher.refusals().peer(ctx.channel().remoteAddress(), "no hello within " + HELLO_TIMEOUT_SECONDS
                        + " s; connection closed");
                ctx.close();
            }
        }, HELLO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Replaced by its role's handler after the hello, or gone with the connection: no longer waiting. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        greetings.ended();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        if (!(envelope.message() instanceof Hello hello)) {
            envelope.message().release();
            dispatcher.refuse(ctx.channel(), "expected a hello first, got " + envelope.message().type());
            return;
        }
        if (!Version.CURRENT.equals(hello.version())) {
            dispatcher.refuse(ctx.channel(), "version mismatch: this controller runs jcluster " + Version.CURRENT
                    + ", the " + hello.role().name().toLowerCase() + " runs jcluster " + hello.version()
                    + "; start both from the same installation");
            return;
        }
        SignedFrameDecoder frames = ctx.pipeline().get(SignedFrameDecoder.class);
        if (hello.role() != Role.ENGINE && frames.peerHoldsOnlyEngineKey()) {
            dispatcher.refuse(ctx.channel(), "a " + hello.role().name().toLowerCase() + " hello signed with the engines'"
                    + " key: that key opens engine sessions only (a client needs the cluster's connection file)");
            return;
        }
        frames.helloAccepted();
        if (hello.role() == Role.ENGINE) {
            EngineSession session = dispatcher.registerEngine(hello, ctx.channel());
            if (session != null) {
                ctx.pipeline().replace(this, "engine", new EngineHandler(dispatcher, session));
            }
        } else {
            ClientSession client = dispatcher.registerClient(hello, ctx.channel());
            if (client != null) {
                ctx.pipeline().replace(this, "client", new ClientHandler(dispatcher, client));
            }
        }
        dispatcher.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        dispatcher.refusals().peer(ctx.channel().remoteAddress(), "closed before its hello: " + cause);
        ctx.close();
    }
}
