package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Status;
import io.kubelab.engine.model.Kube;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One request and the means to answer it: a whole response, or a chunked stream (watch, logs -f)
 * whose chunks are written as they come. Every error is a JSON {@code Status}, never a page.
 */
final class Exchange {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain";

    private final ChannelHandlerContext ctx;
    private final ApiRequest request;
    private final boolean keepAlive;

    Exchange(ChannelHandlerContext ctx, ApiRequest request, boolean keepAlive) {
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = keepAlive;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    ApiRequest request() {
        return request;
    }

    /** Warnings for the response's {@code Warning} headers (kubectl prints each as "Warning: …"). */
    private java.util.List<String> warnings;

    /** Adds a warning to the response, as the API server's {@code warning.AddWarning} does. */
    void warn(String text) {
        if (warnings == null) {
            warnings = new java.util.ArrayList<>();
        }
        warnings.add(text);
    }

    void reply(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        if (warnings != null) {
            // RFC 7234's form, as the API server writes it: 299 - "text", quotes and backslashes escaped
            for (String w : warnings) {
                response.headers().add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
        HttpUtil.setContentLength(response, body.length);
        send(response);
    }

    void json(HttpResponseStatus status, byte[] body) {
        reply(status, JSON, body);
    }

    void json(HttpResponseStatus status, Object value) {
        reply(status, JSON, Kube.toJsonBytes(value));
    }

    void status(Status status) {
        int code = status.getCode() == null ? 500 : status.getCode();
        json(HttpResponseStatus.valueOf(code), statusBytes(status));
    }

    private void send(FullHttpResponse response) {
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Starts a chunked {@code 200} response; the body follows as {@link #chunk} calls and one {@link #end}. */
    void startStream(String contentType) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
        HttpUtil.setTransferEncodingChunked(response, true);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response);
    }

    /** Writes one chunk without flushing. Any thread. */
    void chunk(ByteBuf data) {
        ctx.write(new DefaultHttpContent(data));
    }

    void flush() {
        ctx.flush();
    }

    /** Ends a chunked response (the connection stays open for the next request when keep-alive). */
    void end() {
        var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static byte[] statusBytes(Status status) {
        return Kube.toJsonBytes(status);
    }
}
