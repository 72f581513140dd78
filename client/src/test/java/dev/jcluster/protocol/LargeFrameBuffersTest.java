package dev.jcluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The buffer of a released large frame is reused for the next one that fits it, and only then. */
class LargeFrameBuffersTest {
    private final LargeFrameBuffers buffers = new LargeFrameBuffers();

    @Test
    void aReleasedFramesMemoryServesTheNextFrame() throws Exception {
        ByteBuf first = buffers.take(4 << 20);
        assertThat(first.readableBytes()).as("empty").isZero();
        assertThat(first.capacity()).isEqualTo(4 << 20);
        byte[] memory = first.array();
        first.writeInt(7);
        ByteBuf body = first.retainedSlice(0, 4);
        first.release();
        assertThat(buffers.take(4 << 20).array()).as("a slice still holds it").isNotSameAs(memory);

        CompletableFuture.runAsync(body::release).get();  // consumed and released on another thread
        ByteBuf next = buffers.take((4 << 20) - 100);
        assertThat(next.array()).isSameAs(memory);
        assertThat(next.readableBytes()).isZero();
        assertThat(LargeFrameBuffers.isFrameBuffer(next)).isTrue();
    }

    @Test
    void aSpareTooSmallOrMoreThanTwiceTheFrameIsLeftForAnother() {
        ByteBuf big = buffers.take(8 << 20);
        byte[] memory = big.array();
        big.release();
        ByteBuf small = buffers.take(1 << 20);
        assertThat(small.array()).as("a small frame kept long would pin the large array").isNotSameAs(memory);
        assertThat(small.capacity()).isEqualTo(1 << 20);
        ByteBuf larger = buffers.take(9 << 20);
        assertThat(larger.array()).isNotSameAs(memory);
        assertThat(buffers.take(5 << 20).array()).as("still kept for one that fits").isSameAs(memory);
    }
}
