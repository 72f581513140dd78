package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Fast paths for the values numeric work moves in bulk ({@code byte[]} and {@code ByteBuffer}
 * wrapped, not copied; {@code double[]}, {@code long[]}, {@code int[]} in one bulk copy; strings),
 * Java serialization for everything else, read through {@link ValueFilter}. A frame is decoded only
 * after its signature proved it came from a holder of the cluster key; the filter limits what a
 * holder gone bad can do with a crafted stream.
 */
public final class DefaultSerializer implements ValueSerializer {
    private static final byte NULL = 0;
    private static final byte BYTES = 1;
    private static final byte BYTE_BUFFER = 2;
    private static final byte DOUBLES = 3;
    private static final byte LONGS = 4;
    private static final byte INTS = 5;
    private static final byte STRING = 6;
    private static final byte JAVA = 7;
    private static final byte INT = 8;
    private static final byte LONG = 9;
    private static final byte DOUBLE = 10;
    private static final byte BOOLEAN = 11;
    private static final byte LIST = 12;
    /**
     * Large arrays are copied a megabyte at a time: the JVM cannot stop a thread inside one copy,
     * so a gigabyte copied at once holds every other thread (the heartbeats too) at the next
     * safepoint until it is done.
     */
    private static final int COPY_PIECE = 1 << 20;

    @Override
    public ByteBuf encode(Object value, ByteBufAllocator alloc) {
        if (value == null) {
            return alloc.buffer(1).writeByte(NULL);
        }
        if (value instanceof byte[] bytes) {
            return Unpooled.wrappedBuffer(alloc.buffer(1).writeByte(BYTES), Unpooled.wrappedBuffer(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            return Unpooled.wrappedBuffer(alloc.buffer(1).writeByte(BYTE_BUFFER),
                    Unpooled.wrappedBuffer(buffer.duplicate()));
        }
        if (value instanceof double[] doubles) {
            ByteBuf out = alloc.buffer(1 + doubles.length * 8).writeByte(DOUBLES);
            out.nioBuffer(1, doubles.length * 8).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer().put(doubles);
            return out.writerIndex(1 + doubles.length * 8);
        }
        if (value instanceof long[] longs) {
            ByteBuf out = alloc.buffer(1 + longs.length * 8).writeByte(LONGS);
            out.nioBuffer(1, longs.length * 8).order(ByteOrder.BIG_ENDIAN).asLongBuffer().put(longs);
            return out.writerIndex(1 + longs.length * 8);
        }
        if (value instanceof int[] ints) {
            ByteBuf out = alloc.buffer(1 + ints.length * 4).writeByte(INTS);
            out.nioBuffer(1, ints.length * 4).order(ByteOrder.BIG_ENDIAN).asIntBuffer().put(ints);
            return out.writerIndex(1 + ints.length * 4);
        }
        if (value instanceof String s) {
            ByteBuf out = alloc.buffer(1 + s.length()).writeByte(STRING);
            out.writeCharSequence(s, StandardCharsets.UTF_8);
            return out;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            return alloc.buffer(5).writeByte(INT).writeInt((Integer) value);
        }
        if (type == Long.class) {
            return alloc.buffer(9).writeByte(LONG).writeLong((Long) value);
        }
        if (type == Double.class) {
            return alloc.buffer(9).writeByte(DOUBLE).writeDouble((Double) value);
        }
        if (type == Boolean.class) {
            return alloc.buffer(2).writeByte(BOOLEAN).writeBoolean((Boolean) value);
        }
        if (type == ArrayList.class) {
            return encodeList((ArrayList<?>) value, alloc);
        }
        return encodeJava(value, alloc);
    }

    /**
     * An ArrayList as its size and each element, length-prefixed, so small numeric lists skip Java
     * serialization; boxed numbers are written in place, other elements through {@link #encode}.
     */
    private ByteBuf encodeList(ArrayList<?> list, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(8 + list.size() * 13).writeByte(LIST).writeInt(list.size());
        for (Object element : list) {
            Class<?> type = element == null ? null : element.getClass();
            if (type == Integer.class) {
                out.writeInt(5).writeByte(INT).writeInt((Integer) element);
            } else if (type == Long.class) {
                out.writeInt(9).writeByte(LONG).writeLong((Long) element);
            } else if (type == Double.class) {
                out.writeInt(9).writeByte(DOUBLE).writeDouble((Double) element);
            } else {
                ByteBuf e = encode(element, alloc);
                try {
                    out.writeInt(e.readableBytes()).writeBytes(e);
                } finally {
                    e.release();
                }
            }
        }
        return out;
    }

    private ByteBuf encodeJava(Object value, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(256).writeByte(JAVA);
        try (ObjectOutputStream oos = new ObjectOutputStream(new ByteBufOutputStream(out))) {
            oos.writeObject(value);
        } catch (NotSerializableException e) {
            out.release();
            String where = NonSerializableFinder.find(value);
            throw new SerializationException("cannot serialize " + value.getClass().getName() + ": "
                    + (where != null ? where : "class " + e.getMessage()) + " is not Serializable (make it"
                    + " Serializable or transient, or create it on the engine instead of capturing it)", e);
        } catch (IOException | RuntimeException e) {
            out.release();
            throw new SerializationException("cannot serialize " + value.getClass().getName() + ": " + e, e);
        }
        return out;
    }

    /**
     * The array that holds exactly the {@code n} bytes left in {@code in}, all of it, or null. A
     * value that came on a data link arrives in arrays of its own, one per part as it was sent, so a
     * pushed {@code byte[]} is that array, not a copy of it; a buffer of Netty's pools never is one.
     */
    private static byte[] wholeArray(ByteBuf in, int n) {
        if (n == 0 || in.nioBufferCount() > 2) {
            return null;
        }
        ByteBuffer[] parts = in.nioBuffers(in.readerIndex(), n);
        if (parts.length != 1 || !parts[0].hasArray()) {
            return null;
        }
        ByteBuffer part = parts[0];
        boolean all = part.arrayOffset() + part.position() == 0 && part.remaining() == part.array().length;
        return all ? part.array() : null;
    }

    @Override
    public Object decode(ByteBuf bytes, ClassLoader loader) {
        ByteBuf in = bytes.duplicate();
        if (!in.isReadable()) {
            return null;
        }
        byte tag = in.readByte();
        int n = in.readableBytes();
        switch (tag) {
            case NULL:
                return null;
            case BYTES: {
                byte[] whole = wholeArray(in, n);
                if (whole != null) {
                    return whole;
                }
                byte[] out = new byte[n];
                for (int at = 0; at < n; at += COPY_PIECE) {
                    in.readBytes(out, at, Math.min(COPY_PIECE, n - at));
                }
                return out;
            }
            case BYTE_BUFFER: {
                ByteBuffer out = ByteBuffer.allocate(n);
                for (int at = 0; at < n; at += COPY_PIECE) {
                    in.readBytes(out.limit(Math.min(n, at + COPY_PIECE)));
                }
                return out.flip();
            }
            case DOUBLES: {
                double[] out = new double[n / 8];
                in.nioBuffer(in.readerIndex(), out.length * 8).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer().get(out);
                return out;
            }
            case LONGS: {
                long[] out = new long[n / 8];
                in.nioBuffer(in.readerIndex(), out.length * 8).order(ByteOrder.BIG_ENDIAN).asLongBuffer().get(out);
                return out;
            }
            case INTS: {
                int[] out = new int[n / 4];
                in.nioBuffer(in.readerIndex(), out.length * 4).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(out);
                return out;
            }
            case STRING:
                return in.toString(StandardCharsets.UTF_8);
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case LIST: {
                int size = in.readInt();
                if (size < 0 || size > in.readableBytes() / 4) {
                    throw new SerializationException("bad list size " + size, null);
                }
                ArrayList<Object> out = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    int length = in.readInt();
                    out.add(decode(in.readSlice(length), loader));
                }
                return out;
            }
            case JAVA:
                try (ObjectInputStream ois = new LoaderObjectInputStream(new ByteBufInputStream(in), loader)) {
                    ois.setObjectInputFilter(ValueFilter.forStream(n));
                    return ois.readObject();
                } catch (InvalidClassException e) {
                    if (e.getMessage() != null && e.getMessage().contains("REJECTED")) {
                        throw new SerializationException(ValueFilter.explain(e.getMessage(), n), e);
                    }
                    throw new SerializationException("cannot decode a value: " + e, e);
                } catch (ClassNotFoundException e) {
                    throw new SerializationException("class not found while decoding a value: " + e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw new SerializationException("cannot decode a value: " + e, e);
                }
            default:
                throw new SerializationException("unknown value tag " + tag, null);
        }
    }

    /** Resolves classes through the given loader (an engine's loader for one client's classes). */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
