package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns user values (task objects, arguments, results, pushed values) into bytes and back.
 * Decoding happens only after the frame's signature checked. Implementations must be thread-safe.
 */
public interface ValueSerializer {

    /** Encodes a value; may wrap large arrays instead of copying them. */
    ByteBuf encode(Object value, ByteBufAllocator alloc) throws SerializationException;

    /** Decodes a value, resolving classes through {@code loader}. Does not release {@code bytes}. */
    Object decode(ByteBuf bytes, ClassLoader loader) throws SerializationException;
}
