package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Signed frames to messages and back. A body that does not decode closes the connection; a user
 * value is never looked at here, only sliced. Stateless: one shared instance.
 */
@Sharable
public final class MessageCodec extends MessageToMessageCodec<Frame, Envelope> {
    public static final MessageCodec INSTANCE = new MessageCodec();

    private MessageCodec() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Envelope envelope, List<Object> out) {
        Message message = envelope.message();
        ByteBuf fields = ctx.alloc().buffer(64);
        message.writeFields(fields);
        ByteBuf value = message.value();
        if (value == null || !value.isReadable()) {
            message.release();
            out.add(new Frame(message.type(), envelope.id(), envelope.replyTo(), fields));
            return;
        }
        int fieldsBytes = fields.readableBytes();
        // only a large frame is signed over its value's digest (SignedFrameEncoder)
        byte[] digest = fieldsBytes + value.readableBytes() >= SignedFrameEncoder.STREAM_BODY_BYTES
                ? LargeFrameBuffers.knownDigest(value) : null;
        // the value's reference passes to the composite: no copy of a large value
        CompositeByteBuf body = ctx.alloc().compositeBuffer(2);
        body.addComponents(true, fields, value);
        out.add(new Frame(message.type(), envelope.id(), envelope.replyTo(), body, fieldsBytes, digest));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf in = frame.body();
        Message message;
        try {
            message = read(frame.type(), in);
        } catch (RuntimeException e) {
            refusals(ctx).undecodable(ctx.channel().remoteAddress(), frame.type() + " frame does not decode: " + e
                    + "; connection closed");
            ctx.close();
            return;
        }
        if (message.value() == null && in.isReadable()) {
            refusals(ctx).undecodable(ctx.channel().remoteAddress(), in.readableBytes() + " trailing bytes after a "
                    + frame.type() + " frame; connection closed");
            message.release();
            ctx.close();
            return;
        }
        out.add(new Envelope(frame.id(), frame.replyTo(), message));
    }

    /** The process's refusal log, which the pipeline's frame decoder carries. */
    private static RefusalLog refusals(ChannelHandlerContext ctx) {
        SignedFrameDecoder frames = ctx.pipeline().get(SignedFrameDecoder.class);
        return frames != null ? frames.refusals() : RefusalLog.standard();
    }

    /**
     * A message from its fields and value as {@link Message#writeFields} and {@link Message#value}
     * laid them out (the controller's store keeps messages in this form); the value is a retained slice.
     */
    public static Message decodeStored(MessageType type, ByteBuf in) {
        return read(type, in);
    }

    static Message read(MessageType type, ByteBuf in) {
        return switch (type) {
            case HELLO -> Hello.read(in);
            case WELCOME -> Welcome.read(in);
            case REFUSED -> Refused.read(in);
            case HEARTBEAT -> Heartbeat.read(in);
            case DRAIN -> Drain.read(in);
            case PACE -> Pace.read(in);
            case SUBMIT -> Submit.read(in);
            case TASK -> Dispatch.read(in);
            case RESULT -> Result.read(in);
            case CANCEL -> Cancel.read(in);
            case OUTPUT -> Output.read(in);
            case ACCEPTED -> Accepted.read(in);
            case TAKEN -> Taken.read(in);
            case CLASS_REQUEST -> ClassRequest.read(in);
            case CLASS_DATA -> ClassData.read(in);
            case CLIENT_GONE -> ClientGone.read(in);
            case STATUS_REQUEST -> StatusRequest.read(in);
            case STATUS -> Status.read(in);
            case TASK_LIST_REQUEST -> TaskListRequest.read(in);
            case TASK_LIST -> TaskList.read(in);
            case TASK_DETAIL_REQUEST -> TaskDetailRequest.read(in);
            case TASK_DETAIL -> TaskDetail.read(in);
            case RESULT_REQUEST -> ResultRequest.read(in);
            case FETCHED_RESULT -> FetchedResult.read(in);
            case SHUTDOWN -> Shutdown.read(in);
            case NOTE -> Note.read(in);
            case DATA_ROUTE_REQUEST -> DataRouteRequest.read(in);
            case DATA_ROUTE -> DataRoute.read(in);
            case DATA_KEY -> DataKey.read(in);
        };
    }
}
