package dev.jcluster.launcher.dashboard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * The pages listening for pushes (server-sent events). A page whose connection cannot take more
 * (not writable) misses a push rather than have it queued: the next one says everything again but
 * the bars, so a slow browser costs nothing and loses only some bars of the stream.
 */
final class EventStreams {
    private final ChannelGroup pages = new DefaultChannelGroup("dashboard-pages", GlobalEventExecutor.INSTANCE);

    /** Answers a page's request for events: the headers, then {@code first} (the state so far; null: none yet). */
    void open(Channel page, String first) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        page.write(head);
        if (first != null) {
            page.write(event(first));
        }
        page.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        pages.add(page);
    }

    void push(String json) {
        for (Channel page : pages) {
            if (page.isWritable()) {
                page.writeAndFlush(event(json)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }
    }

    int size() {
        return pages.size();
    }

    void close() {
        pages.close().awaitUninterruptibly();
    }

    private static DefaultHttpContent event(String json) {
        ByteBuf b = Unpooled.copiedBuffer("data: " + json + "\n\n", StandardCharsets.UTF_8);
        return new DefaultHttpContent(b);
    }
}
