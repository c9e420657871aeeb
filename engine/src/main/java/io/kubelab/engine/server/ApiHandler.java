package io.kubelab.engine.server;

import io.kubelab.engine.model.ApiException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Routes one connection's requests: version, discovery, OpenAPI, then resources and their
 * subresources. Runs on a handler executor, not on Netty's event loop, because a large list or a
 * table takes milliseconds. Every failure becomes a JSON {@code Status}; the connection and the
 * server keep serving.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    private final ApiServer server;
    private WatchStream stream;

    ApiHandler(ApiServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        server.handlerAdded();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        server.handlerRemoved();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            ApiRequest bad = new ApiRequest(msg.method(), msg.uri(), "/", java.util.Map.of(), msg.headers(), new byte[0]);
            new Exchange(ctx, bad, false).status(ApiException.badRequest("malformed HTTP request: "
                    + msg.decoderResult().cause().getMessage()).status());
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(msg.uri(), StandardCharsets.UTF_8);
        ApiRequest request = new ApiRequest(msg.method(), msg.uri(), query.path(), query.parameters(), msg.headers(),
                ByteBufUtil.getBytes(msg.content()));
        Exchange ex = new Exchange(ctx, request, keepAlive);
        if (stream != null) {
            stream.stop();
            stream = null;
        }
        try {
            route(ex);
        } catch (ApiException e) {
            ex.status(e.status());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + msg.method() + " " + msg.uri() + " failed", e);
            ex.status(ApiException.internal(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Bodies.firstLine(e.getMessage()))).status());
        }
    }

    private void route(Exchange ex) {
        List<String> seg = ResourcePath.segments(ex.request().path());
        String first = seg.isEmpty() ? "" : seg.get(0);
        switch (first) {
            case "" -> readOnly(ex, Discovery.rootPaths());
            case "version" -> {
                only(seg, 1);
                readOnly(ex, Discovery.version());
            }
            case "healthz", "livez", "readyz" -> {
                only(seg, 1);
                ex.reply(HttpResponseStatus.OK, Exchange.TEXT, "ok".getBytes(StandardCharsets.US_ASCII));
            }
            case "openapi" -> {
                if (seg.size() == 2 && seg.get(1).equals("v2") && isGet(ex)) {
                    // application/octet-stream, not the protobuf media type kubectl asked for: Go's MIME
                    // parser rejects the "@" in it.
                    ex.reply(HttpResponseStatus.OK, "application/octet-stream", Discovery.OPENAPI_V2);
                } else {
                    throw ApiException.notFoundPath();
                }
            }
            case "api" -> {
                if (seg.size() == 1) {
                    readOnly(ex, Discovery.apiVersions(server.address()));
                } else if (!seg.get(1).equals("v1")) {
                    throw ApiException.notFoundPath();
                } else if (seg.size() == 2) {
                    readOnly(ex, Discovery.resourceList("", "v1"));
                } else {
                    resource(ex, "", "v1", seg.subList(2, seg.size()));
                }
            }
            case "apis" -> {
                if (seg.size() == 1) {
                    readOnly(ex, Discovery.apiGroupList());
                } else if (seg.size() == 2) {
                    readOnly(ex, Discovery.apiGroup(seg.get(1)).orElseThrow(ApiException::notFoundPath));
                } else if (!Discovery.serves(seg.get(1), seg.get(2))) {
                    throw ApiException.notFoundPath();
                } else if (seg.size() == 3) {
                    readOnly(ex, Discovery.resourceList(seg.get(1), seg.get(2)));
                } else {
                    resource(ex, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
                }
            }
            default -> throw ApiException.notFoundPath();
        }
    }

    private static void only(List<String> seg, int size) {
        if (seg.size() != size) {
            throw ApiException.notFoundPath();
        }
    }

    private static boolean isGet(Exchange ex) {
        return ex.request().method().equals(HttpMethod.GET) || ex.request().method().equals(HttpMethod.HEAD);
    }

    private static void readOnly(Exchange ex, Object document) {
        if (!isGet(ex)) {
            throw ResourceEndpoints.methodNotAllowed();
        }
        ex.json(HttpResponseStatus.OK, document);
    }

    private void resource(Exchange ex, String group, String version, List<String> rest) {
        Optional<ResourcePath> parsed = ResourcePath.parse(group, version, rest);
        ResourcePath p = parsed.orElseThrow(ApiException::notFoundPath);
        String dryRun = ex.request().param("dryRun");
        if (dryRun != null && !dryRun.isEmpty() && !ex.request().method().equals(HttpMethod.GET)) {
            // Better refused than done for real: the API layer has no dry run yet.
            throw ApiException.badRequest("dry run is not supported by this server (dryRun=" + dryRun
                    + "); use --dry-run=client");
        }
        if (p.subresource() == null) {
            stream = server.resources().serve(ex, p);
            return;
        }
        if (p.name() == null || (p.type().namespaced() && p.namespace() == null)) {
            throw ApiException.notFoundPath();
        }
        switch (p.subresource()) {
            case "status" -> server.resources().status(ex, p);
            case "scale" -> server.scale().serve(ex, p);
            case "log" -> server.logs().serve(ex, p);
            case "exec" -> server.exec().serve(ex, p);
            default -> throw ApiException.notFoundPath();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (stream != null && ctx.channel().isWritable()) {
            stream.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (stream != null) {
            stream.stop();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A broken connection (client gone, reset): nothing to answer.
        LOG.log(System.Logger.Level.DEBUG, "connection error", cause);
        ctx.close();
    }
}
