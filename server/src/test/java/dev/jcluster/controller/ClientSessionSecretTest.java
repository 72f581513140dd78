package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.controller.store.MvTaskStore;
import dev.jcluster.protocol.Refused;
import dev.jcluster.protocol.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's uuid travels with its tasks to engines; only the secret of its first hello resumes its session. */
class ClientSessionSecretTest {
    @TempDir
    Path dir;

    @Test
    void aHelloWithTheUuidButNotTheSecretIsRefusedAndGetsNothing() throws Exception {
        try (Harness h = new Harness(b -> b)) {
            Harness.Peer client = h.client();
            h.dispatcher.submit(client.client, Harness.loadBalanced(1, 0));
            h.dispatcher.clientGone(client.client);

            Harness.Peer thief = h.clientAgain(client.uuid, "a guess");
            assertThat(thief.client).isNull();
            assertThat(thief.received(Refused.class)).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("did not bring the secret"));
            Harness.Peer noSecret = h.clientAgain(client.uuid, "");
            assertThat(noSecret.client).isNull();

            Harness.Peer back = h.clientAgain(client.uuid);
            assertThat(back.client).isNotNull();
            Harness.Peer engine = h.engine(-1);
            var task = engine.received(dev.jcluster.protocol.Dispatch.class).get(0);
            h.dispatcher.result(engine.engine, Result.ok(task.taskId(), 0, "h", 1, 2, 0, "", "",
                    io.netty.buffer.Unpooled.EMPTY_BUFFER));
            assertThat(back.received(Result.class)).extracting(Result::taskId).containsExactly(1L);
        }
    }

    @Test
    void aRestoredControllerStillAsksForTheSecret() throws Exception {
        Path file = dir.resolve("store.mv");
        String uuid;
        try (Harness before = new Harness(MvTaskStore.open(file), b -> b)) {
            Harness.Peer client = before.client();
            uuid = client.uuid;
            before.dispatcher.submit(client.client, Harness.loadBalanced(1, 0));
            client.awaitAccepted(1);
        }
        try (Harness after = new Harness(MvTaskStore.open(file), b -> b)) {
            assertThat(after.clientAgain(uuid, "a guess").client).isNull();
            assertThat(after.clientAgain(uuid).client).isNotNull();
        }
    }
}
