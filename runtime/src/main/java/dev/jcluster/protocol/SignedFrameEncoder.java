package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.ByteBuffer;
import java.util.List;
import javax.crypto.Mac;

/**
 * Writes a frame as three buffers (length and header, the body as is, the signature) so that a
 * large body goes to the socket without being copied. Stateful (owns a Mac): one per channel.
 */
public final class SignedFrameEncoder extends MessageToMessageEncoder<Frame> {
    private final Mac mac;

    public SignedFrameEncoder(ClusterKey key) {
        super(Frame.class);
        this.mac = key.newMac();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf body = frame.body();
        ByteBuf header = ctx.alloc().buffer(4 + Frame.HEADER_BYTES);
        header.writeInt(Frame.HEADER_BYTES + body.readableBytes() + ClusterKey.MAC_BYTES);
        header.writeByte(frame.type().code());
        header.writeLong(frame.id());
        header.writeLong(frame.replyTo());
        mac.update(header.nioBuffer(4, Frame.HEADER_BYTES));
        if (body.isReadable()) {
            for (ByteBuffer part : body.nioBuffers()) {
                mac.update(part);
            }
        }
        out.add(header);
        out.add(body.retain());
        out.add(ctx.alloc().buffer(ClusterKey.MAC_BYTES).writeBytes(mac.doFinal()));
    }
}
