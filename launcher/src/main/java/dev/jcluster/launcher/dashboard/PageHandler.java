package dev.jcluster.launcher.dashboard;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every request of the page: without the token (in the URL once, then the cookie) a 403; with it,
 * the page's files, the event stream, and one task's details as JSON.
 */
final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AccessToken token;
    private final StaticFiles files;
    private final EventStreams streams;
    private final Supplier<String> firstEvent;
    private final Function<Long, String> taskJson;

    PageHandler(AccessToken token, StaticFiles files, EventStreams streams, Supplier<String> firstEvent,
                Function<Long, String> taskJson) {
        this.token = token;
        this.files = files;
        this.streams = streams;
        this.firstEvent = firstEvent;
        this.taskJson = taskJson;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (!request.method().equals(HttpMethod.GET)) {
            send(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405: only GET"));
            return;
        }
        List<String> given = uri.parameters().get("token");
        if (given != null && !given.isEmpty() && token.matches(given.get(0))) {
            // the token leaves the address bar (and its history) for a cookie only this page sends
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
            DefaultCookie c = new DefaultCookie(AccessToken.COOKIE, token.value());
            c.setHttpOnly(true);
            c.setPath("/");
            c.setSameSite(CookieHeaderNames.SameSite.Strict);
            r.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c))
                    .set(HttpHeaderNames.LOCATION, path);
            send(ctx, request, r);
            return;
        }
        if (!token.matches(cookie(request))) {
            send(ctx, request, text(HttpResponseStatus.FORBIDDEN, "403: this dashboard needs its token; open the URL"
                    + " that `jcluster dashboard` printed (http://host:port/?token=...)"));
            return;
        }
        if (path.equals("/events")) {
            streams.open(ctx.channel(), firstEvent.get());
        } else if (path.startsWith("/task/") && path.substring(6).matches("\\d{1,18}")) {
            send(ctx, request, bytes(HttpResponseStatus.OK, taskJson.apply(Long.parseLong(path.substring(6)))
                    .getBytes(StandardCharsets.UTF_8), "application/json"));
        } else {
            Optional<StaticFiles.File> f = files.get(path.equals("/") ? "/index.html" : path);
            send(ctx, request, f.map(file -> bytes(HttpResponseStatus.OK, file.bytes(), file.type()))
                    .orElseGet(() -> text(HttpResponseStatus.NOT_FOUND, "404: " + path)));
        }
    }

    private static String cookie(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        return ServerCookieDecoder.STRICT.decode(header).stream().filter(c -> c.name().equals(AccessToken.COOKIE))
                .map(Cookie::value).findFirst().orElse(null);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return bytes(status, (body + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
