package dev.jcluster.controller;

import dev.jcluster.controller.store.TaskStore;
import dev.jcluster.protocol.Accepted;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.Envelope;
import dev.jcluster.protocol.Hello;
import dev.jcluster.protocol.Message;
import dev.jcluster.protocol.Role;
import dev.jcluster.protocol.Submit;
import dev.jcluster.protocol.TaskSpec;
import dev.jcluster.protocol.Version;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * A dispatcher with its parts, driven by plain calls: engines and clients are {@link EmbeddedChannel}s
 * whose outbound messages the tests read, and time is a clock the test moves. No engine JVMs.
 */
final class Harness implements AutoCloseable {
    final EmbeddedChannel loop = new EmbeddedChannel();
    final TaskStore store;
    final GroupCommit commits;
    final Dispatcher dispatcher;
    final ControllerConfig config;
    long now = System.nanoTime();
    int shutdowns;

    Harness(UnaryOperator<ControllerConfigBuilder> tweak) {
        this(TaskStore.none(), tweak);
    }

    Harness(TaskStore store, UnaryOperator<ControllerConfigBuilder> tweak) {
        this.store = store;
        this.config = tweak.apply(ControllerConfig.builder(ClusterKey.random()).prefetchWindow(
                Duration.ZERO)).build();
        this.commits = new GroupCommit(store, loop.eventLoop());
        this.dispatcher = new Dispatcher(config, () -> shutdowns++, store, commits, loop.eventLoop(), () -> now);
    }

    /** A peer on an embedded channel, with what the controller sent it. */
    final class Peer {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final String uuid = UUID.randomUUID().toString();
        EngineSession engine;
        ClientSession client;

        /** Everything sent to it so far (after a flush), oldest first. */
        List<Envelope> received() {
            dispatcher.flush();
            loop.runPendingTasks();
            List<Envelope> out = new ArrayList<>();
            for (Object o; (o = channel.readOutbound()) != null; ) {
                Envelope e = (Envelope) o;
                e.message().release();  // the tests look at fields, never at values
                out.add(e);
            }
            return out;
        }

        /**
         * Waits until the controller acknowledged its tasks up to {@code taskId}: acknowledgements leave
         * once the store has committed, so the tasks are then durable and no commit is left running.
         */
        void awaitAccepted(long taskId) {
            long[] upTo = {0};
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
                received(Accepted.class).forEach(a -> upTo[0] = Math.max(upTo[0], a.upToTaskId()));
                return upTo[0] >= taskId;
            });
        }

        /** The messages of one type sent to it so far. */
        <M extends Message> List<M> received(Class<M> type) {
            return received().stream().map(Envelope::message).filter(type::isInstance).map(type::cast).toList();
        }
    }

    Peer engine(int requestedId) {
        Peer p = new Peer();
        p.engine = dispatcher.registerEngine(new Hello(Role.ENGINE, Version.CURRENT, "17", p.uuid, requestedId,
                requestedId < 0 ? "host" : "host-" + requestedId, 1000 + requestedId), p.channel);
        return p;
    }

    Peer client() {
        Peer p = new Peer();
        p.client = dispatcher.registerClient(new Hello(Role.CLIENT, Version.CURRENT, "17", p.uuid, -1, "laptop", 1, 0,
                secretOf(p.uuid)), p.channel);
        return p;
    }

    /** The client of {@code uuid} connecting again, on a new channel, with its session's secret. */
    Peer clientAgain(String uuid) {
        return clientAgain(uuid, secretOf(uuid));
    }

    /** A client hello for session {@code uuid} bringing {@code secret}; its {@code client} is null when refused. */
    Peer clientAgain(String uuid, String secret) {
        Peer p = new Peer();
        p.client = dispatcher.registerClient(new Hello(Role.CLIENT, Version.CURRENT, "17", uuid, -1, "laptop", 1, 0,
                secret), p.channel);
        return p;
    }

    /** The secret a test client opens its session with. */
    static String secretOf(String uuid) {
        return "secret of " + uuid;
    }

    static Submit loadBalanced(long clientTaskId, int retries) {
        return new Submit(clientTaskId, Submit.ANY_ENGINE, retries, 0, TaskSpec.code("1 + " + clientTaskId));
    }

    static Submit direct(long clientTaskId, int engineId) {
        return new Submit(clientTaskId, engineId, 0, 0, TaskSpec.code("2 + " + clientTaskId));
    }

    static Submit withValue(long clientTaskId, int bytes) {
        return new Submit(clientTaskId, Submit.ANY_ENGINE, 0, 0, TaskSpec.push("v" + clientTaskId,
                Unpooled.wrappedBuffer(new byte[bytes])));
    }

    @Override
    public void close() throws Exception {
        commits.close();
        store.close();
        loop.finishAndReleaseAll();
    }
}
