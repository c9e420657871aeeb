package io.kubelab.engine.server;

import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Kubelab's Kubernetes-compatible HTTP API: what the unmodified {@code kubectl} and the official
 * Python client talk to (docs/KUBECTL-API.md). Plain HTTP/1.1 over Netty, bound to 127.0.0.1 by
 * default; every request goes through the cluster's {@link KubeApi}.
 *
 * <p>Threads: one acceptor, two I/O event loops, and a small group of handler threads that run the
 * requests (each connection stays on one handler thread, so its responses keep their order). Watch
 * and log streams never block a thread: they are fed by the store's callbacks.
 */
public final class ApiServer implements AutoCloseable {
    /** The Kubernetes version this API reports ({@code kubectl version}). */
    public static final String KUBERNETES_VERSION = Discovery.GIT_VERSION;
    /** The API server's limit on request bodies (3 MiB); larger ones get 413. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    private static final int HANDLER_THREADS = 4;

    private final KubeApi api;
    private final EncodedObjects encoded = new EncodedObjects();
    private final ResourceEndpoints resources;
    private final ScaleEndpoint scale;
    private final PodLogs logs;
    private final PodExec exec;
    private volatile PodIO podIO;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventExecutorGroup handlers;
    private Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup("kubelab-api", GlobalEventExecutor.INSTANCE);
    /** Connections whose handler is still in their pipeline (see {@link #close()}). */
    private final java.util.concurrent.atomic.AtomicInteger handlersInPipelines = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String address = "127.0.0.1:0";

    /** A server over {@code api}, with no container runtime for logs and exec yet ({@link PodIO#NONE}). */
    public ApiServer(KubeApi api) {
        this(api, PodIO.NONE);
    }

    public ApiServer(KubeApi api, PodIO podIO) {
        this.api = Objects.requireNonNull(api);
        this.podIO = Objects.requireNonNull(podIO);
        this.resources = new ResourceEndpoints(api, encoded);
        this.scale = new ScaleEndpoint(api);
        this.logs = new PodLogs(api, () -> this.podIO);
        this.exec = new PodExec(api, () -> this.podIO);
    }

    /** Connects logs and exec to the nodes' container runtime. Any thread. */
    public void setPodIO(PodIO podIO) {
        this.podIO = Objects.requireNonNull(podIO);
    }

    /**
     * Binds and starts serving.
     *
     * @param host usually {@code 127.0.0.1}: the API has no authentication, so it stays on this machine
     * @param port the port, or 0 for any free one
     * @return the port bound
     * @throws IOException when the port is taken ({@link BindException}) or cannot be bound
     */
    public int start(String host, int port) throws IOException {
        boss = new NioEventLoopGroup(1, daemonThreads("kubelab-api-accept"));
        workers = new NioEventLoopGroup(2, daemonThreads("kubelab-api-io"));
        handlers = new DefaultEventExecutorGroup(HANDLER_THREADS, daemonThreads("kubelab-api"));
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("aggregator", new StatusAggregator(MAX_BODY_BYTES));
                        ch.pipeline().addLast(handlers, "api", new ApiHandler(ApiServer.this));
                    }
                });
        try {
            serverChannel = b.bind(host, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        address = host + ":" + bound.getPort();
        return bound.getPort();
    }

    /** {@code 127.0.0.1:6443}: where the server listens (discovery reports it). */
    public String address() {
        return address;
    }

    public int port() {
        return serverChannel == null ? 0 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    KubeApi api() {
        return api;
    }

    void handlerAdded() {
        handlersInPipelines.incrementAndGet();
    }

    void handlerRemoved() {
        handlersInPipelines.decrementAndGet();
    }

    ResourceEndpoints resources() {
        return resources;
    }

    ScaleEndpoint scale() {
        return scale;
    }

    PodLogs logs() {
        return logs;
    }

    PodExec exec() {
        return exec;
    }

    /** Stops accepting, ends every open connection and stream, and stops the threads. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // A closed connection still tears its pipeline down, handing events between its I/O loop and its
        // handler thread; wait for the handlers to leave before stopping the threads under them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handlersInPipelines.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // All together, with a quiet period: a closing connection passes its last events back and
        // forth between its I/O loop and its handler thread, and both must still take them.
        EventExecutorGroup[] groups = {boss, workers, handlers};
        for (EventExecutorGroup g : groups) {
            if (g != null) {
                g.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS);
            }
        }
        for (EventExecutorGroup g : groups) {
            if (g != null) {
                g.terminationFuture().syncUninterruptibly();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return new io.netty.util.concurrent.DefaultThreadFactory(name, true);
    }

    /**
     * Netty's aggregator, answering an oversized body with the API server's JSON Status
     * ({@code 413 RequestEntityTooLarge}) instead of a bare 413.
     */
    private static final class StatusAggregator extends HttpObjectAggregator {
        StatusAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            if (!(oversized instanceof HttpRequest)) {
                super.handleOversizedMessage(ctx, oversized);
                return;
            }
            byte[] body = Exchange.statusBytes(ApiException.tooLarge("Request entity too large: limit is "
                    + MAX_BODY_BYTES).status());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, Exchange.JSON);
            HttpUtil.setContentLength(response, body.length);
            // Once the client has sent part of the body there is no telling where the next request starts.
            boolean close = oversized instanceof FullHttpMessage
                    || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }
    }
}
