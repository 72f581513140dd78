package dev.jcluster.client.internal;

import dev.jcluster.protocol.ValueSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A function serialized once for a whole map, with its SHA-256; every task of the map carries
 * these bytes and engines decode them once (keyed by the hash), not once per task.
 */
public record EncodedFunction(String hash, byte[] bytes) {
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

    /** The task value: function length, function bytes, then the encoded arguments (whose reference is taken). */
    public ByteBuf withArguments(ByteBuf arguments) {
        ByteBuf head = Unpooled.buffer(4).writeInt(bytes.length);
        return Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(bytes), arguments);
    }
}
