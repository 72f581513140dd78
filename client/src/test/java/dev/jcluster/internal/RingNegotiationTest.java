package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client and the engine agree on a ring only when the engine maps the very file the client
 * made; an engine that cannot (on another host, the file not there) says why and both stay on the
 * socket; the file is gone once the engine answered, either way.
 */
class RingNegotiationTest {
    private static final int SLOT = 64 * 1024;
    @TempDir
    Path dir;

    /** One direction of the opening's records, in memory. */
    private static final class Pipe {
        final BlockingQueue<byte[]> records = new ArrayBlockingQueue<>(4);

        byte[] take() throws IOException {
            try {
                byte[] r = records.poll(10, TimeUnit.SECONDS);
                if (r == null) {
                    throw new IOException("no record within 10 s");
                }
                return r;
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
    }

    private static RingNegotiation.Opening opening(Pipe out, Pipe in, Consumer<byte[]> onSend) {
        return new RingNegotiation.Opening() {
            @Override
            public void send(byte[] body) {
                onSend.accept(body);
                out.records.add(body);
            }

            @Override
            public byte[] read() throws IOException {
                return in.take();
            }
        };
    }

    /** The client offering a ring made in {@code ringDir} and the engine answering: their outcomes. */
    private static RingNegotiation.Outcome[] negotiate(Path ringDir, Consumer<byte[]> onOffer) throws Exception {
        Pipe toEngine = new Pipe();
        Pipe toClient = new Pipe();
        CompletableFuture<RingNegotiation.Outcome> engine = CompletableFuture.supplyAsync(() -> {
            try {
                return RingNegotiation.answer(opening(toClient, toEngine, b -> { }), SLOT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        RingNegotiation.Outcome client = RingNegotiation.offer(opening(toEngine, toClient, onOffer), ringDir, 2, SLOT);
        return new RingNegotiation.Outcome[] {client, engine.get(10, TimeUnit.SECONDS)};
    }

    @Test
    void anEngineThatMapsTheClientsRingSharesItAndTheFileIsGone() throws Exception {
        RingNegotiation.Outcome[] both = negotiate(dir, b -> { });
        assertThat(both[0].transport()).isEqualTo("shared memory");
        assertThat(both[1].transport()).isEqualTo("shared memory");
        assertThat(both[0].ring()).isNotNull();
        assertThat(both[1].ring()).isNotNull();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anEngineThatFindsNoSuchFileSaysSoAndBothStayOnTheSocket() throws Exception {
        RingNegotiation.Outcome[] both = negotiate(dir, offer -> {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);  // as if the engine were on another host
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(both[0].ring()).isNull();
        assertThat(both[1].ring()).isNull();
        assertThat(both[0].transport()).startsWith("socket (the engine did not map it: java.nio.file.NoSuchFileException");
        assertThat(both[1].transport()).startsWith("socket (java.nio.file.NoSuchFileException");
    }

    @Test
    void aClientThatCannotMakeARingOffersNone() throws Exception {
        RingNegotiation.Outcome[] both = negotiate(dir.resolve("missing"), b -> { });
        assertThat(both[0].transport()).startsWith("socket (no shared memory in " + dir.resolve("missing"));
        assertThat(both[1].transport()).isEqualTo("socket (none offered)");
    }
}
