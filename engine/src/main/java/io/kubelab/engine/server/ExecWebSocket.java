package io.kubelab.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * An exec session over a WebSocket ({@code v4.channel.k8s.io} / {@code v5.channel.k8s.io}): every
 * binary message starts with its stream number (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize).
 * With v5 the client signals the end of its stdin with the message {@code [0xFF, 0]}. The session
 * ends with the Status on stream 3 and a close frame.
 */
final class ExecWebSocket extends SimpleChannelInboundHandler<WebSocketFrame> implements ExecSession.Transport {
    private static final int CLOSE_SIGNAL = 0xFF;

    private final ExecSession session;
    private final PodIO podIO;
    private volatile ChannelHandlerContext ctx;
    private boolean v5;

    ExecWebSocket(ExecSession.Request request, PodIO podIO) {
        this.session = new ExecSession(request, this);
        this.podIO = podIO;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The handshake is done: run the command. Channel executor. */
    void start(String protocol) {
        v5 = "v5.channel.k8s.io".equals(protocol);
        session.start(podIO);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuf content = frame.content();
            if (content.readableBytes() == 0) {
                return;
            }
            int stream = content.readUnsignedByte();
            byte[] data = ByteBufUtil.getBytes(content);
            if (v5 && stream == CLOSE_SIGNAL) {
                if (data.length > 0 && data[0] == ExecSession.STDIN) {
                    session.stdinClosed();
                }
            } else {
                session.received(stream, data);
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            session.terminate();
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.terminate();
        super.channelInactive(ctx);
    }

    @Override
    public void send(int stream, byte[] data) {
        ByteBuf buf = Unpooled.buffer(data.length + 1);
        buf.writeByte(stream);
        buf.writeBytes(data);
        ctx.writeAndFlush(new BinaryWebSocketFrame(buf));
    }

    @Override
    public void finish(byte[] status) {
        ByteBuf buf = Unpooled.buffer(status.length + 1);
        buf.writeByte(ExecSession.ERROR);
        buf.writeBytes(status);
        ctx.write(new BinaryWebSocketFrame(buf));
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
}
