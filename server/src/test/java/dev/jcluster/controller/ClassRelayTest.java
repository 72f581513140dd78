package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import dev.jcluster.protocol.Envelope;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Class requests on their way between engines and clients, by plain calls. */
class ClassRelayTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final TaskStore store = TaskStore.none();
    private final GroupCommit commits = new GroupCommit(store, loop.eventLoop());
    private final Outbox outbox = new Outbox(store, commits, loop.eventLoop(), Duration.ZERO);
    private final ClassRelay relay = new ClassRelay(outbox);
    private final EmbeddedChannel engine = new EmbeddedChannel();

    @AfterEach
    void close() {
        commits.close();
        engine.finishAndReleaseAll();
        loop.finishAndReleaseAll();
    }

    private Envelope sentToEngine() {
        outbox.flush();
        return engine.readOutbound();
    }

    @Test
    void aRequestForAnUnknownClientIsAnsweredNotFoundAtOnce() {
        relay.request(null, engine, 5, new ClassRequest("nobody", "x/Y.class", new byte[0]));
        Envelope reply = sentToEngine();
        assertThat(reply.replyTo()).isEqualTo(5);
        assertThat(((ClassData) reply.message()).found()).isFalse();
    }

    @Test
    void requestsParkedForAnAwayClientAreBoundedAndTheRestAnsweredNotFound() {
        ClientSession away = new ClientSession("away", null);
        for (int i = 0; i < ClassRelay.MAX_PARKED_PER_CLIENT + 3; i++) {
            relay.request(away, engine, i, new ClassRequest("away", "x/Y.class", new byte[0]));
        }
        assertThat(relay.parkedFor(away)).isEqualTo(ClassRelay.MAX_PARKED_PER_CLIENT);
        int answered = 0;
        while (sentToEngine() != null) {
            answered++;
        }
        assertThat(answered).isEqualTo(3);
        relay.clientForgotten(away);
        assertThat(relay.parkedFor(away)).isZero();
    }

    @Test
    void aReplyToAnUnknownRequestIsDropped() {
        relay.reply(new ClientSession("someone", null), 42, ClassData.notFound("x/Y.class"));
        assertThat(sentToEngine()).isNull();
    }

    @Test
    void onlyTheAskedClientsReplyReachesTheEngine() {
        EmbeddedChannel askedChannel = new EmbeddedChannel();
        ClientSession asked = new ClientSession("asked", askedChannel);
        ClientSession other = new ClientSession("other", new EmbeddedChannel());
        relay.request(asked, engine, 7, new ClassRequest("asked", "x/Y.class", new byte[0]));
        outbox.flush();
        Envelope request = askedChannel.readOutbound();
        ClassData forged = new ClassData("x/Y.class", true, new byte[32], new byte[] {1, 2, 3});

        relay.reply(other, request.id(), forged);
        assertThat(sentToEngine()).as("another client's answer").isNull();
        relay.reply(asked, request.id(), ClassData.notFound("x/Y.class"));
        Envelope reply = sentToEngine();
        assertThat(reply.replyTo()).isEqualTo(7);
        assertThat(((ClassData) reply.message()).found()).isFalse();
        askedChannel.finishAndReleaseAll();
    }
}
