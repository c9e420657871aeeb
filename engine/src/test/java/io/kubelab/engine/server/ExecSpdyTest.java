package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * exec over SPDY/3.1 as kubectl up to 1.29 runs it, with a Netty SPDY client standing in for Go's
 * spdystream: upgrade, one stream per purpose, the Status on the error stream.
 */
class ExecSpdyTest {
    private ServerFixture f;
    private final EventLoopGroup group = new NioEventLoopGroup(1);

    @BeforeEach
    void start() {
        f = new ServerFixture(new FakePodIO());
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        f.close();
    }

    /** A minimal remotecommand v4 client. */
    private final class Client extends SimpleChannelInboundHandler<Object> {
        final CompletableFuture<HttpResponse> upgraded = new CompletableFuture<>();
        final Map<Integer, String> replies = new ConcurrentHashMap<>();
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
        final CompletableFuture<String> status = new CompletableFuture<>();
        final StringBuilder errorStream = new StringBuilder();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse r) {
                if (r.status().code() == 101) {
                    ctx.pipeline().addBefore("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                    ctx.pipeline().remove("http");
                }
                upgraded.complete(r);
            } else if (msg instanceof SpdySynReplyFrame reply) {
                replies.put(reply.streamId(), reply.headers().getAsString("streamtype"));
            } else if (msg instanceof SpdyDataFrame data) {
                String text = ByteBufUtil.getBytes(data.content()).length == 0 ? ""
                        : data.content().toString(StandardCharsets.UTF_8);
                switch (data.streamId()) {
                    case 1 -> {
                        errorStream.append(text);
                        if (data.isLast()) {
                            status.complete(errorStream.toString());
                        }
                    }
                    case 3 -> {
                        if (!text.isEmpty()) {
                            stdout.add(text);
                        }
                    }
                    case 5 -> {
                        if (!text.isEmpty()) {
                            stderr.add(text);
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    private Channel connect(Client client, String query) throws Exception {
        return connect(client, query, "v4.channel.k8s.io", "v3.channel.k8s.io");
    }

    private Channel connect(Client client, String query, String... protocols) throws Exception {
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast("http", new HttpClientCodec());
                        c.pipeline().addLast("client", client);
                    }
                }).connect("127.0.0.1", f.port).sync().channel();
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/api/v1/namespaces/default/pods/web/exec?" + query);
        req.headers().set("Host", "127.0.0.1").set("Connection", "Upgrade").set("Upgrade", "SPDY/3.1")
                .set("Content-Length", "0");
        for (String p : protocols) {
            req.headers().add("X-Stream-Protocol-Version", p);
        }
        ch.writeAndFlush(req).sync();
        return ch;
    }

    private static void open(Channel ch, int id, String type) {
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", type);
        ch.writeAndFlush(syn);
    }

    @Test
    void commandOutputAndSuccessStatus() throws Exception {
        Client client = new Client();
        Channel ch = connect(client, "command=echo&command=spdy&container=nginx&stdout=true&stderr=true");
        HttpResponse r = client.upgraded.get(10, TimeUnit.SECONDS);
        assertThat(r.status().code()).isEqualTo(101);
        assertThat(r.headers().get("X-Stream-Protocol-Version")).isEqualTo("v4.channel.k8s.io");
        open(ch, 1, "error");
        open(ch, 3, "stdout");
        open(ch, 5, "stderr");
        JsonNode status = Kube.JSON.readTree(client.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("status").asText()).isEqualTo("Success");
        assertThat(client.stdout.poll(5, TimeUnit.SECONDS)).isEqualTo("spdy\n");
        assertThat(client.replies).containsEntry(1, "error").containsEntry(3, "stdout").containsEntry(5, "stderr");
        ch.close();
    }

    @Test
    void stdinAndExitCode() throws Exception {
        Client client = new Client();
        Channel ch = connect(client, "command=cat&stdin=true&stdout=true&stderr=true");
        client.upgraded.get(10, TimeUnit.SECONDS);
        open(ch, 1, "error");
        open(ch, 3, "stdout");
        open(ch, 5, "stderr");
        open(ch, 7, "stdin");
        ch.writeAndFlush(new DefaultSpdyDataFrame(7, Unpooled.copiedBuffer("over spdy\n", StandardCharsets.UTF_8)));
        assertThat(client.stdout.poll(10, TimeUnit.SECONDS)).isEqualTo("over spdy\n");
        DefaultSpdyDataFrame eof = new DefaultSpdyDataFrame(7);
        eof.setLast(true);
        ch.writeAndFlush(eof);
        assertThat(Kube.JSON.readTree(client.status.get(10, TimeUnit.SECONDS)).path("status").asText())
                .isEqualTo("Success");
        ch.close();

        Client failing = new Client();
        Channel ch2 = connect(failing, "command=sh&command=-c&command=exit%207&stdout=true&stderr=true");
        failing.upgraded.get(10, TimeUnit.SECONDS);
        open(ch2, 1, "error");
        open(ch2, 3, "stdout");
        open(ch2, 5, "stderr");
        JsonNode status = Kube.JSON.readTree(failing.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.path("details").path("causes").get(0).path("message").asText()).isEqualTo("7");
        assertThat(failing.stderr.poll(5, TimeUnit.SECONDS)).isEqualTo("bye\n");
        ch2.close();
    }

    @Test
    void aClientOfferingOnlyOldProtocolsIsRefused() throws Exception {
        Client client = new Client();
        connect(client, "command=ls&stdout=true", "v3.channel.k8s.io", "channel.k8s.io");
        assertThat(client.upgraded.get(10, TimeUnit.SECONDS).status().code()).isEqualTo(400);
    }
}
