package io.kubelab.engine.server;

import io.kubelab.engine.model.ApiException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An exec session over SPDY/3.1, as kubectl up to 1.29 (and 1.30+ when a WebSocket upgrade fails)
 * runs it: after {@code 101 Switching Protocols} the client opens one SPDY stream per purpose, each
 * named by its {@code streamtype} header ({@code error}, {@code stdin}, {@code stdout},
 * {@code stderr}, {@code resize}); the server acknowledges each with a SYN_REPLY, runs the command
 * once all expected streams are open, and ends with the Status on the error stream and FIN on every
 * stream. Netty's SPDY frame codec does the framing and the header compression.
 */
final class ExecSpdy extends SimpleChannelInboundHandler<SpdyFrame> implements ExecSession.Transport {
    static final String PROTOCOL = "v4.channel.k8s.io";

    private final ExecSession.Request request;
    private final ExecSession session;
    private final PodIO podIO;
    private final Map<Integer, Integer> streamOfId = new HashMap<>();
    private final Map<Integer, Integer> idOfStream = new HashMap<>();
    private volatile ChannelHandlerContext ctx;
    private boolean started;

    private ExecSpdy(ExecSession.Request request, PodIO podIO) {
        this.request = request;
        this.session = new ExecSession(request, this);
        this.podIO = podIO;
    }

    /**
     * Answers the SPDY upgrade and turns the connection into SPDY frames. The pipeline changes on the
     * channel's event loop, before the client can send a frame (it waits for the 101).
     */
    static void upgrade(Exchange ex, ExecSession.Request request, PodIO podIO) {
        boolean offered = false;
        for (String v : ex.request().headers().getAll("X-Stream-Protocol-Version")) {
            for (String p : v.split(",")) {
                offered |= PROTOCOL.equals(p.trim());
            }
        }
        if (!offered) {
            throw ApiException.badRequest("unable to upgrade: the client offers none of the supported stream protocols: "
                    + PROTOCOL);
        }
        ChannelHandlerContext api = ex.ctx();
        ExecSpdy handler = new ExecSpdy(request, podIO);
        api.channel().eventLoop().execute(() -> {
            ChannelPipeline p = api.pipeline();
            String http = p.context(HttpServerCodec.class).name();
            // Bytes from the client now go to the SPDY decoder; the HTTP decoder passes its frames on.
            p.addBefore(http, "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            if (p.get(HttpObjectAggregator.class) != null) {
                p.remove(HttpObjectAggregator.class);
            }
            p.addLast(api.executor(), "exec-spdy", handler);
            String response = "HTTP/1.1 101 Switching Protocols\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: " + PROTOCOL + "\r\n\r\n";
            // Written below the SPDY codec: the 101 is the last plain HTTP on this connection.
            p.context("spdy").writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII));
            p.remove(http);
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SpdyFrame frame) {
        if (frame instanceof SpdySynStreamFrame syn) {
            int id = syn.streamId();
            String type = syn.headers().getAsString("streamtype");
            Integer stream = type == null ? null : switch (type) {
                case "error" -> ExecSession.ERROR;
                case "stdin" -> ExecSession.STDIN;
                case "stdout" -> ExecSession.STDOUT;
                case "stderr" -> ExecSession.STDERR;
                case "resize" -> ExecSession.RESIZE;
                default -> null;
            };
            // Netty leaves out the header block of a reply without headers, which Go's SPDY framer cannot
            // parse; echoing the stream type keeps the block (the client ignores reply headers).
            DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
            reply.headers().set("streamtype", type == null ? "" : type);
            ctx.writeAndFlush(reply);
            if (stream != null) {
                streamOfId.put(id, stream);
                idOfStream.put(stream, id);
            }
            if (syn.isLast() && stream != null && stream == ExecSession.STDIN) {
                session.stdinClosed();
            }
            if (!started && allStreamsOpen()) {
                started = true;
                session.start(podIO);
            }
        } else if (frame instanceof SpdyDataFrame data) {
            Integer stream = streamOfId.get(data.streamId());
            if (stream != null) {
                byte[] bytes = ByteBufUtil.getBytes(data.content());
                if (bytes.length > 0) {
                    session.received(stream, bytes);
                }
                if (data.isLast() && stream == ExecSession.STDIN) {
                    session.stdinClosed();
                }
            }
        } else if (frame instanceof SpdyPingFrame ping) {
            ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
        } else if (frame instanceof SpdyRstStreamFrame || frame instanceof SpdyGoAwayFrame) {
            session.terminate();
            ctx.close();
        }
    }

    /** The streams the client opens for this request (remotecommand v4). */
    private boolean allStreamsOpen() {
        if (!idOfStream.containsKey(ExecSession.ERROR)) {
            return false;
        }
        if (request.stdin() && !idOfStream.containsKey(ExecSession.STDIN)) {
            return false;
        }
        if (request.stdout() && !idOfStream.containsKey(ExecSession.STDOUT)) {
            return false;
        }
        if (request.stderr() && !request.tty() && !idOfStream.containsKey(ExecSession.STDERR)) {
            return false;
        }
        return !request.tty() || idOfStream.containsKey(ExecSession.RESIZE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.terminate();
        super.channelInactive(ctx);
    }

    @Override
    public void send(int stream, byte[] data) {
        ctx.executor().execute(() -> {
            Integer id = idOfStream.get(stream);
            if (id != null) {
                ctx.writeAndFlush(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(data)));
            }
        });
    }

    @Override
    public void finish(byte[] status) {
        ctx.executor().execute(() -> {
            Integer error = idOfStream.get(ExecSession.ERROR);
            if (error != null) {
                DefaultSpdyDataFrame frame = new DefaultSpdyDataFrame(error, Unpooled.wrappedBuffer(status));
                frame.setLast(true);
                ctx.write(frame);
            }
            for (int stream : new int[] {ExecSession.STDOUT, ExecSession.STDERR}) {
                Integer id = idOfStream.get(stream);
                if (id != null) {
                    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                    fin.setLast(true);
                    ctx.write(fin);
                }
            }
            ctx.flush();
            // The client closes the connection once it has read the status; close after a grace anyway.
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    ctx.close();
                }
            }, 5, java.util.concurrent.TimeUnit.SECONDS);
        });
    }
}
