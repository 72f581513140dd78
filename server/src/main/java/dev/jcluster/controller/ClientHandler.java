package dev.jcluster.controller;

import dev.jcluster.protocol.Cancel;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.DataRouteRequest;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Note;
import dev.jcluster.protocol.Shutdown;
import dev.jcluster.protocol.StatusRequest;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.Taken;
import dev.jcluster.protocol.ResultRequest;
import dev.jcluster.protocol.TaskDetailRequest;
import dev.jcluster.protocol.TaskListRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames from one client, turned into dispatcher calls. New per channel: holds its session. */
final class ClientHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);
    private final Dispatcher dispatcher;
    private final ClientSession client;

    ClientHandler(Dispatcher dispatcher, ClientSession client) {
        this.dispatcher = dispatcher;
        this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
        Message message = envelope.message();
        if (message instanceof Submit s) {
            dispatcher.submit(client, s);
        } else if (message instanceof Taken t) {
            dispatcher.taken(client, t);
        } else if (message instanceof Cancel c) {
            dispatcher.cancel(client, c);
        } else if (message instanceof ClassData d) {
            dispatcher.classData(client, envelope.replyTo(), d);
        } else if (message instanceof StatusRequest) {
            ctx.write(Envelope.reply(envelope.id(), dispatcher.queries().status()));
        } else if (message instanceof TaskListRequest r) {
            ctx.write(Envelope.reply(envelope.id(), dispatcher.queries().tasks(r)));
        } else if (message instanceof TaskDetailRequest r) {
            ctx.write(Envelope.reply(envelope.id(), dispatcher.queries().task(r.taskId())));
        } else if (message instanceof ResultRequest r) {
            ctx.write(Envelope.reply(envelope.id(), dispatcher.queries().result(r.taskId())));
        } else if (message instanceof Note n) {
            dispatcher.note(n);
            ctx.write(Envelope.reply(envelope.id(), dispatcher.queries().status()));
        } else if (message instanceof DataRouteRequest r) {
            ctx.write(Envelope.reply(envelope.id(), dispatcher.dataRoute(client, r.engineId())));
        } else if (message instanceof Shutdown s) {
            ctx.writeAndFlush(Envelope.reply(envelope.id(), dispatcher.queries().status()));
            dispatcher.shutdown(s);
        } else {
            log.warn("client {} sent an unexpected {}; ignored", client.uuid, message.type());
            message.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        dispatcher.flush();
    }

    /** Its connection takes writes again: the results that waited for that go now. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && client.channel() == ctx.channel()) {
            dispatcher.clientWritable(client);
            dispatcher.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client.channel() == ctx.channel()) {
            dispatcher.clientGone(client);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("client {}: {}", client.uuid, cause.toString());
        ctx.close();
    }
}
