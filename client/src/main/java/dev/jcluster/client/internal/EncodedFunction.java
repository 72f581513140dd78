package dev.jcluster.client.internal;

import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.ValueSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A function serialized once for a whole map, with its SHA-256. The map's first task carries the
 * bytes; the others name the function by hash, and the controller gives each engine the bytes
 * once. Engines decode a function once per hash.
 */
public record EncodedFunction(String hash, byte[] bytes, AtomicBoolean sent) {
    public EncodedFunction(String hash, byte[] bytes) {
        this(hash, bytes, new AtomicBoolean());
    }

    public static EncodedFunction of(Object function, ValueSerializer serializer) {
        ByteBuf buf = serializer.encode(function, ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = ByteBufUtil.getBytes(buf);
            return new EncodedFunction(ByteBufUtil.hexDump(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            buf.release();
        }
    }

    /** A task over {@code arguments} (their reference taken): the function whole the first time, by hash after. */
    public TaskSpec task(ByteBuf arguments) {
        return sent.getAndSet(true) ? TaskSpec.applyByHash(hash, arguments) : wholeTask(arguments);
    }

    /** A task with the function's bytes, whatever was sent before. */
    public TaskSpec wholeTask(ByteBuf arguments) {
        return TaskSpec.apply(hash, withArguments(arguments));
    }

    /** The task value: function length, function bytes, then the encoded arguments (whose reference is taken). */
    public ByteBuf withArguments(ByteBuf arguments) {
        ByteBuf head = Unpooled.buffer(4).writeInt(bytes.length);
        return Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(bytes), arguments);
    }
}
