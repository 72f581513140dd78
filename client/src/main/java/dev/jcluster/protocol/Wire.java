package dev.jcluster.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing the fixed-schema fields of control messages; every length is checked. */
final class Wire {
    private Wire() {
    }

    static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lengthAt, written);
    }

    static String readString(ByteBuf in) {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        checkLength(in, length);
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    static void writeBytes(ByteBuf out, byte[] bytes) {
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    static byte[] readBytes(ByteBuf in) {
        int length = in.readInt();
        checkLength(in, length);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    static void writeStrings(ByteBuf out, List<String> list) {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    static List<String> readStrings(ByteBuf in) {
        int n = in.readInt();
        checkLength(in, n);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return List.copyOf(list);
    }

    static void writeMap(ByteBuf out, Map<String, String> map) {
        out.writeInt(map.size());
        map.forEach((k, v) -> {
            writeString(out, k);
            writeString(out, v);
        });
    }

    static Map<String, String> readMap(ByteBuf in) {
        int n = in.readInt();
        checkLength(in, n);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    /** An enum constant or null, in one byte: 0 for null, else its ordinal plus one. */
    static void writeOptionalEnum(ByteBuf out, Enum<?> value) {
        out.writeByte(value == null ? 0 : value.ordinal() + 1);
    }

    static <E extends Enum<E>> E readOptionalEnum(ByteBuf in, E[] values) {
        int code = in.readUnsignedByte();
        if (code > values.length) {
            throw new CorruptedFrameException("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + (code - 1));
        }
        return code == 0 ? null : values[code - 1];
    }

    static <E extends Enum<E>> E readEnum(ByteBuf in, E[] values) {
        int ordinal = in.readUnsignedByte();
        if (ordinal >= values.length) {
            throw new CorruptedFrameException("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + ordinal);
        }
        return values[ordinal];
    }

    private static void checkLength(ByteBuf in, int length) {
        if (length < 0 || length > in.readableBytes()) {
            throw new CorruptedFrameException("field length " + length + " exceeds the " + in.readableBytes() + " bytes left");
        }
    }
}
