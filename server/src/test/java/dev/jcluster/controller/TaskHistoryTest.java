package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.protocol.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The values history keeps for fetching hold a reference to their result's buffer; a stopped
 * controller lets go of them, else the buffer (a slice of what the engine's connection read) leaks.
 */
class TaskHistoryTest {
    @Test
    void closingLetsGoOfTheKeptValues() {
        TaskHistory history = new TaskHistory(10, 1 << 20);
        ClientSession client = new ClientSession("client", null);
        ByteBuf value = Unpooled.directBuffer(16).writeLong(42);
        TaskRecord task = new TaskRecord(1, client, Harness.loadBalanced(1, 0));
        history.add(task, Result.ok(1, 0, "host", 0, 0, 0, "", "", value));
        value.release();  // the result's own reference, as HeldResults lets go of it once taken
        assertThat(value.refCnt()).as("history's reference").isEqualTo(1);
        assertThat(history.fetch(1).result().value().release()).as("a fetch gets a reference of its own").isFalse();

        history.close();
        assertThat(value.refCnt()).isZero();
    }
}
