package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code …/pods/<name>/exec}: checks the request like the API server does, then upgrades the
 * connection. kubectl 1.30+ asks for a WebSocket ({@code v5.channel.k8s.io}), the Python client for a
 * WebSocket with {@code v4.channel.k8s.io}, and kubectl up to 1.29 (and 1.30+ as a fallback) for
 * SPDY/3.1 ({@code v4.channel.k8s.io} streams). All three are served; see
 * docs/decisions/0001-http-server-netty.md.
 */
final class PodExec {
    static final List<String> WEBSOCKET_PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    /** The largest WebSocket frame accepted from a client (stdin comes in small frames). */
    private static final int MAX_FRAME = 1 << 20;

    private final KubeApi api;
    private final Supplier<PodIO> podIO;

    PodExec(KubeApi api, Supplier<PodIO> podIO) {
        this.api = api;
        this.podIO = podIO;
    }

    void serve(Exchange ex, ResourcePath p) {
        if (p.type() != ResourceTypes.PODS) {
            throw ApiException.notFoundPath();
        }
        ApiRequest r = ex.request();
        HttpMethod m = r.method();
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.POST)) {
            throw ResourceEndpoints.methodNotAllowed();
        }
        ExecSession.Request request = validate(r, p);
        String upgrade = r.header(HttpHeaderNames.UPGRADE);
        String connection = r.header(HttpHeaderNames.CONNECTION);
        if (upgrade == null || connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw ApiException.badRequest("Upgrade request required");
        }
        if (upgrade.equalsIgnoreCase("websocket")) {
            webSocket(ex, request);
        } else if (upgrade.equalsIgnoreCase("SPDY/3.1")) {
            ExecSpdy.upgrade(ex, request, podIO.get());
        } else {
            // e.g. "h2c", which some HTTP clients offer on every request.
            throw ApiException.badRequest("Upgrade request required");
        }
    }

    /** The API server's checks of a {@code PodExecOptions} and of the pod, before any upgrade. */
    private ExecSession.Request validate(ApiRequest r, ResourcePath p) {
        Pod pod = api.get(ResourceTypes.PODS, p.namespace(), p.name());
        String container = PodLogs.container(pod, r.param("container"));
        List<String> command = r.params("command");
        boolean stdin = r.bool("stdin");
        boolean stdout = r.bool("stdout");
        boolean stderr = r.bool("stderr");
        boolean tty = r.bool("tty");
        if (command.isEmpty()) {
            throw ApiException.badRequest("you must specify at least 1 command");
        }
        if (!stdin && !stdout && !stderr) {
            throw ApiException.badRequest("you must specify at least one of stdin, stdout, stderr");
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            throw ApiException.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
        }
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            throw ApiException.badRequest("pod " + pod.getMetadata().getName() + " does not have a host assigned");
        }
        return new ExecSession.Request(pod, container, List.copyOf(command), stdin, stdout, stderr, tty);
    }

    private void webSocket(Exchange ex, ExecSession.Request request) {
        ApiRequest r = ex.request();
        String offered = r.header(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        boolean supported = false;
        if (offered != null) {
            for (String o : offered.split(",")) {
                supported |= WEBSOCKET_PROTOCOLS.contains(o.trim());
            }
        }
        if (!supported) {
            throw ApiException.badRequest("unable to upgrade connection: none of the offered subprotocols ("
                    + (offered == null ? "" : offered) + ") is supported; supported: " + String.join(", ", WEBSOCKET_PROTOCOLS));
        }
        ChannelHandlerContext ctx = ex.ctx();
        String url = "ws://" + r.header(HttpHeaderNames.HOST) + r.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url,
                String.join(",", WEBSOCKET_PROTOCOLS), false, MAX_FRAME).newHandshaker(fullRequest(r));
        if (handshaker == null) {
            throw ApiException.badRequest("unable to upgrade connection: unsupported WebSocket version "
                    + r.header(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
        }
        ExecWebSocket handler = new ExecWebSocket(request, podIO.get());
        ctx.pipeline().addLast(ctx.executor(), "exec-websocket", handler);
        handshaker.handshake(ctx.channel(), fullRequest(r)).addListener(f -> {
            if (f.isSuccess()) {
                ctx.executor().execute(() -> handler.start(handshaker.selectedSubprotocol()));
            } else {
                ctx.close();
            }
        });
    }

    private static FullHttpRequest fullRequest(ApiRequest r) {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(r.headers());
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, r.method(), r.uri(), Unpooled.EMPTY_BUFFER, headers,
                new DefaultHttpHeaders());
    }
}
