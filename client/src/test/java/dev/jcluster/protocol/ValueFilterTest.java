package dev.jcluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

/** Java-serialized values are read through a filter: gadget classes and size bombs are refused, plain data passes. */
class ValueFilterTest {
    private final DefaultSerializer serializer = new DefaultSerializer();

    private Object roundTrip(Object value) {
        ByteBuf bytes = serializer.encode(value, ByteBufAllocator.DEFAULT);
        try {
            return serializer.decode(bytes, getClass().getClassLoader());
        } finally {
            bytes.release();
        }
    }

    @Test
    void aClassFromAGadgetChainIsRefusedWithAClearError() {
        assertThatThrownBy(() -> roundTrip(new HashMap<>(java.util.Map.of("k", new BadAttributeValueExpException("x")))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused by jcluster's deserialization filter");
    }

    @Test
    void anArrayLongerThanItsStreamCanHoldIsRefusedBeforeItIsAllocated() {
        ByteBuf bytes = serializer.encode(new LinkedList<>(List.of(new byte[16])), ByteBufAllocator.DEFAULT);
        byte[] raw = ByteBufUtil.getBytes(bytes);
        bytes.release();
        // the array's length, 16, follows its class descriptor "[B": make it 200 million
        int at = indexOf(raw, new byte[] {0, 0, 0, 16}, indexOf(raw, "[B".getBytes(), 0));
        raw[at] = 0x0B;
        raw[at + 1] = (byte) 0xEB;
        raw[at + 2] = (byte) 0xC2;
        raw[at + 3] = 0x00;
        assertThatThrownBy(() -> serializer.decode(Unpooled.wrappedBuffer(raw), getClass().getClassLoader()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused by jcluster's deserialization filter");
    }

    @Test
    void ordinaryValuesPass() {
        LinkedList<Object> data = new LinkedList<>(List.of("a", 1, new double[] {1, 2}, new HashMap<>(java.util.Map.of(
                "nested", new LinkedList<>(List.of(new int[1000]))))));
        assertThat(roundTrip(data)).usingRecursiveComparison().isEqualTo(data);
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
