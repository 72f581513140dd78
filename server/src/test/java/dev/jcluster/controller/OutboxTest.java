package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Heartbeat;
import dev.jcluster.protocol.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes wait for the end of a read batch, and each client hears once per commit how far its tasks are accepted. */
class OutboxTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final TaskStore store = TaskStore.none();
    private final GroupCommit commits = new GroupCommit(store, loop.eventLoop());
    private final Outbox outbox = new Outbox(store, commits, loop.eventLoop(), Duration.ofMillis(10));
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ClientSession client = new ClientSession("c", channel);

    @AfterEach
    void close() {
        commits.close();
        channel.finishAndReleaseAll();
        loop.finishAndReleaseAll();
    }

    @Test
    void nothingLeavesBeforeTheFlush() {
        outbox.send(channel, Envelope.of(0, Heartbeat.EMPTY));
        assertThat(channel.outboundMessages()).as("written, not flushed").isEmpty();
        outbox.flush();
        assertThat(channel.outboundMessages()).hasSize(1);
    }

    @Test
    void aClientHearsOnceHowFarItsTasksAreAccepted() {
        outbox.ackLater(client, 1);
        outbox.ackLater(client, 2);
        outbox.ackLater(client, 3);
        outbox.flush();
        assertThat(channel.<Envelope>readOutbound().message()).isEqualTo(new Accepted(3));
        assertThat(channel.<Envelope>readOutbound()).isNull();
        outbox.flush();
        assertThat(channel.<Envelope>readOutbound()).as("nothing more was owed").isNull();
    }

    @Test
    void aResultForAClosedConnectionIsReleasedNotLeaked() {
        ByteBuf value = Unpooled.buffer(16).writeLong(42);
        channel.close();
        outbox.send(channel, Envelope.of(0, Result.ok(7, 0, "here", 1, 2, 0, "", "", value)));
        assertThat(value.refCnt()).as("the result's value, released").isZero();
    }

    @Test
    void aClientThatLeftIsNotWrittenTo() {
        outbox.ackLater(client, 1);
        channel.close();
        outbox.flush();
        assertThat(channel.<Envelope>readOutbound()).isNull();
    }
}
