package dev.jcluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol pipeline on an embedded channel: bytes in, messages out, and every way to be refused. */
class SignedFramesTest {
    private final ClusterKey key = ClusterKey.random();

    private EmbeddedChannel pipeline(ClusterKey k, int maxFrame) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Pipelines.addProtocol(ch.pipeline(), k, maxFrame);
        return ch;
    }

    /** Two ends of one connection: each has read the other's nonce. */
    private record Link(EmbeddedChannel out, EmbeddedChannel in) {
        /** Releases what either end still holds. */
        void close() {
            out.finishAndReleaseAll();
            in.finishAndReleaseAll();
        }
    }

    private Link link(ClusterKey outKey, ClusterKey inKey, int maxFrame) {
        EmbeddedChannel out = pipeline(outKey, maxFrame);
        EmbeddedChannel in = pipeline(inKey, maxFrame);
        ByteBuf outNonce = out.readOutbound();
        ByteBuf inNonce = in.readOutbound();
        assertThat(outNonce.readableBytes()).isEqualTo(SignedFrameDecoder.NONCE_BYTES);
        out.writeInbound(inNonce);
        in.writeInbound(outNonce);
        return new Link(out, in);
    }

    private Link link(ClusterKey k, int maxFrame) {
        return link(k, k, maxFrame);
    }

    /** As a controller's end reads: large frames go to a spool in {@code dir}, not the heap. */
    private Link spooledLink(Path dir) throws IOException {
        return spooledLink(dir, new HeapFrameBudget(0));
    }

    /** As a controller's end reads: large frames past {@code budget} go to a spool in {@code dir}. */
    private Link spooledLink(Path dir, HeapFrameBudget budget) throws IOException {
        EmbeddedChannel out = pipeline(key, Integer.MAX_VALUE - 64);
        EmbeddedChannel in = new EmbeddedChannel();
        Pipelines.addProtocol(in.pipeline(), key, null, Integer.MAX_VALUE - 64, RefusalLog.standard(), ValueSpool.in(dir),
                budget);
        ByteBuf outNonce = out.readOutbound();
        out.writeInbound((ByteBuf) in.readOutbound());
        in.writeInbound(outNonce);
        return new Link(out, in);
    }

    private static long filesIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    /** Encodes on {@code out} and returns the bytes as they would cross the wire. */
    private static ByteBuf wire(EmbeddedChannel out, Object message) {
        out.writeOutbound(message);
        CompositeByteBuf all = Unpooled.compositeBuffer();
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            all.addComponent(true, b);
        }
        return all;
    }

    /** The bytes of one message signed by a sender with key {@code k} for a fresh receiver, and that receiver. */
    private Link sentTo(ClusterKey k, int maxFrame) {
        return link(k, key, maxFrame);
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        List<Message> messages = List.of(
                new Hello(Role.ENGINE, "1.0", "17", "uuid-1", 3, "host-a", 42),
                new Welcome(3, 9, "1.0", 1000, 3),
                new Refused("no"),
                new Heartbeat(5, 1, 100, 200, 0.5, 300),
                new Output(3, 1, true, "line\n"),
                new TaskListRequest(TaskState.FAILED, 2, 10),
                new TaskDetailRequest(9),
                new Submit(7, -1, 2, 500, TaskSpec.shell(List.of("echo", "hi"), "/tmp", Map.of("A", "b"))),
                new Cancel(7),
                new ClassRequest("client", "a/B.class", new byte[] {1, 2}),
                new ClassData("a/B.class", true, new byte[] {3}, new byte[] {4, 5}),
                new StatusRequest(),
                new Status("c", 1, 2, List.of(new EngineInfo(0, "u", "h", 3, EngineState.IDLE, 4, 5, 6, 7, 8, 9, 0.25, 10, 11)),
                        1, 1500, 2, 3, 4, 5, 6, 7, 2800, 4, true, Map.of("adapt", "{}")),
                new Pace(2800),
                new Shutdown("bye", new int[] {1, 2}),
                new Shutdown("retire", new int[] {3}, true),
                new Note("adapt", "{\"activity\":\"adding 3\"}"));
        Link link = link(key, 1 << 20);
        EmbeddedChannel in = link.in();
        for (Message m : messages) {
            in.writeInbound(wire(link.out(), Envelope.of(11, m)));
            Envelope e = in.readInbound();
            assertThat(e.id()).isEqualTo(11);
            if (m instanceof Shutdown s) {
                assertThat(((Shutdown) e.message()).engineIds()).containsExactly(s.engineIds());
            } else if (m instanceof ClassRequest || m instanceof ClassData) {
                assertThat(e.message()).usingRecursiveComparison().isEqualTo(m);
            } else if (m instanceof Submit s) {
                Submit got = (Submit) e.message();
                assertThat(got.spec().argv()).isEqualTo(s.spec().argv());
                assertThat(got.spec().env()).isEqualTo(s.spec().env());
                assertThat(got.retries()).isEqualTo(2);
                got.release();
            } else {
                assertThat(e.message()).isEqualTo(m);
            }
        }
        assertThat(in.isOpen()).isTrue();
        in.finishAndReleaseAll();
    }

    /** What {@code out} wrote, one buffer per write, as the socket would be handed them. */
    private static List<ByteBuf> writes(EmbeddedChannel out) {
        List<ByteBuf> writes = new ArrayList<>();
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            writes.add(b);
        }
        return writes;
    }

    private static Submit push(byte[] value) {
        return new Submit(1, -1, 0, 0, TaskSpec.push("x", new DefaultSerializer().encode(value,
                ByteBufAllocator.DEFAULT)));
    }

    @Test
    void largeValueIsStreamedWithoutCopyingAndArrivesIntactChunkByChunk() {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        big[12345] = 7;
        big[big.length - 1] = 9;
        Link link = link(key, Integer.MAX_VALUE - 64);
        link.out().writeOutbound(Envelope.of(1, push(big)));
        List<ByteBuf> writes = writes(link.out());
        // header, the value's tag, its chunks, the signature: no chunk larger than a chunk
        assertThat(writes.size()).isGreaterThan(big.length / SignedStream.CHUNK_BYTES);
        assertThat(writes).allMatch(b -> b.readableBytes() <= SignedStream.CHUNK_BYTES);
        long shared = writes.stream().filter(b -> Arrays.stream(b.nioBuffers())
                .allMatch(nio -> nio.hasArray() && nio.array() == big)).count();
        assertThat(shared).as("chunks are slices of the caller's byte[], not copies").isGreaterThan(10);

        EmbeddedChannel in = link.in();
        in.pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (ByteBuf chunk : writes) {
            assertThat((Object) in.readInbound()).as("nothing is handed on before the signature").isNull();
            in.writeInbound(chunk);
        }
        Envelope e = in.readInbound();
        Submit s = (Submit) e.message();
        byte[] back = (byte[]) new DefaultSerializer().decode(s.spec().value(), getClass().getClassLoader());
        assertThat(back).isEqualTo(big);
        s.release();
        link.close();
    }

    /** Sends {@code message} over {@code link} as 64 KiB reads, returns what arrived (null if refused). */
    private static Message across(Link link, Object message) {
        link.out().writeOutbound(message);
        link.in().pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (ByteBuf write : writes(link.out())) {
            while (write.isReadable()) {
                link.in().writeInbound(write.readRetainedSlice(Math.min(write.readableBytes(), 65_536)));
            }
            write.release();
        }
        Envelope e = link.in().readInbound();
        return e == null ? null : e.message();
    }

    @Test
    void aRelayedLargeValueIsSignedOverTheDigestCheckedOnArrivalNotHashedAgain() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(big);
        Link fromClient = link(key, Integer.MAX_VALUE - 64);
        Link toEngine = link(key, Integer.MAX_VALUE - 64);
        Submit arrived = (Submit) across(fromClient, Envelope.of(1, push(big)));
        ByteBuf value = arrived.spec().value();
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(ByteBufUtil.getBytes(value));
        assertThat(LargeFrameBuffers.knownDigest(value.retainedDuplicate())).isEqualTo(sha);
        assertThat(LargeFrameBuffers.knownDigest(value.slice(1, value.readableBytes() - 1)))
                .as("not the value that was checked").isNull();

        Submit relayed = (Submit) across(toEngine, Envelope.of(2, new Submit(2, 0, 0, 0, arrived.spec().retainedDuplicate())));
        assertThat(relayed).isNotNull();
        assertThat((byte[]) new DefaultSerializer().decode(relayed.spec().value(), null)).isEqualTo(big);
        relayed.release();

        // proof that the relay trusted the digest: bytes changed here after the check go out under the
        // old digest, and the far end refuses them
        value.setByte(value.readerIndex() + 1000, value.getByte(value.readerIndex() + 1000) + 1);
        assertThat(across(toEngine, Envelope.of(3, new Submit(3, 0, 0, 0, arrived.spec().retainedDuplicate())))).isNull();
        assertThat(toEngine.in().isOpen()).isFalse();
        arrived.release();
        fromClient.close();
        toEngine.close();
    }

    @Test
    void aPartOfAReceivedValueIsHashedAfreshWhenSent() {
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(2).nextBytes(big);
        Link fromClient = link(key, Integer.MAX_VALUE - 64);
        Link onward = link(key, Integer.MAX_VALUE - 64);
        Submit arrived = (Submit) across(fromClient, Envelope.of(1, push(big)));
        ByteBuf part = arrived.spec().value().retainedSlice(1, (1 << 20) + 5);
        Submit sent = (Submit) across(onward, Envelope.of(2, new Submit(2, 0, 0, 0, TaskSpec.push("y", part))));
        assertThat(sent).isNotNull();
        assertThat(ByteBufUtil.getBytes(sent.spec().value())).isEqualTo(Arrays.copyOfRange(big, 0, (1 << 20) + 5));
        sent.release();
        arrived.release();
        fromClient.close();
        onward.close();
    }

    @TempDir
    Path spoolDir;

    @Test
    void aSpooledLargeFrameArrivesMappedFromItsFileNotInTheHeapAndLeavesNoFile() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 5];
        new Random(3).nextBytes(big);
        Files.writeString(spoolDir.resolve("frame-1-1"), "left by a killed controller");
        Link fromClient = spooledLink(spoolDir);
        assertThat(filesIn(spoolDir)).as("what an earlier process left is gone").isZero();
        Link toEngine = link(key, Integer.MAX_VALUE - 64);

        Submit arrived = (Submit) across(fromClient, Envelope.of(1, push(big)));
        ByteBuf value = arrived.spec().value();
        assertThat(value.unwrap()).isInstanceOf(MappedValue.class);
        assertThat(value.hasArray()).as("not a heap buffer").isFalse();
        assertThat(filesIn(spoolDir)).as("the file is deleted once mapped").isZero();
        assertThat((byte[]) new DefaultSerializer().decode(value, null)).isEqualTo(big);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(ByteBufUtil.getBytes(value));
        assertThat(LargeFrameBuffers.knownDigest(value.duplicate())).isEqualTo(sha);
        assertThat(LargeFrameBuffers.knownDigest(value.slice(value.readerIndex() + 1, value.readableBytes() - 1)))
                .as("not the value that was checked").isNull();

        Submit relayed = (Submit) across(toEngine, Envelope.of(2, new Submit(2, 0, 0, 0, arrived.spec().retainedDuplicate())));
        assertThat((byte[]) new DefaultSerializer().decode(relayed.spec().value(), null)).isEqualTo(big);
        relayed.release();
        arrived.release();
        fromClient.close();
        toEngine.close();
        assertThat(value.refCnt()).as("released, so unmapped").isZero();
    }

    @Test
    void largeFramesStayInTheHeapWhileTheyFitItsBudgetAndGoToTheSpoolPastIt() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        big[5] = 5;
        HeapFrameBudget budget = new HeapFrameBudget(4 << 20);
        Link link = spooledLink(spoolDir, budget);
        Submit first = (Submit) across(link, Envelope.of(1, push(big)));
        assertThat(first.spec().value().hasArray()).as("in the heap").isTrue();
        assertThat(budget.used()).isGreaterThan(3 << 20);
        Submit second = (Submit) across(link, Envelope.of(2, push(big)));
        assertThat(second.spec().value().unwrap()).as("past the budget: spooled").isInstanceOf(MappedValue.class);
        assertThat((byte[]) new DefaultSerializer().decode(second.spec().value(), null)).isEqualTo(big);
        first.release();
        second.release();
        assertThat(budget.used()).as("given back when released").isZero();
        Submit third = (Submit) across(link, Envelope.of(3, push(big)));
        assertThat(third.spec().value().hasArray()).as("in the heap again").isTrue();
        assertThat((byte[]) new DefaultSerializer().decode(third.spec().value(), null)).isEqualTo(big);
        third.release();
        link.close();
    }

    @Test
    void aSpooledFrameChangedOnTheWayIsRefusedAndItsFileDeleted() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        Link link = spooledLink(spoolDir);
        link.out().writeOutbound(Envelope.of(1, push(big)));
        List<ByteBuf> writes = writes(link.out());
        ByteBuf middle = writes.get(writes.size() / 2);
        middle.setByte(middle.readerIndex() + 100, middle.getByte(middle.readerIndex() + 100) + 1);
        EmbeddedChannel in = link.in();
        in.pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (int i = 0; i < writes.size(); i++) {
            in.writeInbound(writes.get(i));
            if (i == writes.size() / 2) {
                assertThat(filesIn(spoolDir)).as("written as it arrives").isEqualTo(1);
            }
        }
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
        assertThat(filesIn(spoolDir)).isZero();
        link.close();
    }

    @Test
    void aPeerLeavingInsideASpooledFrameLeavesNoFile() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        Link link = spooledLink(spoolDir);
        link.out().writeOutbound(Envelope.of(1, push(big)));
        List<ByteBuf> writes = writes(link.out());
        EmbeddedChannel in = link.in();
        in.pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (int i = 0; i < writes.size(); i++) {
            if (i < writes.size() / 2) {
                in.writeInbound(writes.get(i));
            } else {
                writes.get(i).release();
            }
        }
        assertThat(filesIn(spoolDir)).isEqualTo(1);
        in.close();
        assertThat(filesIn(spoolDir)).isZero();
        link.close();
    }

    @Test
    void spooledLargeFramesAndSmallOnesInOneReadAllArrive() throws Exception {
        largeAndSmallFramesInOneReadArrive(spooledLink(spoolDir));
    }

    @Test
    void largeFramesAndSmallOnesInOneReadAllArrive() {
        largeAndSmallFramesInOneReadArrive(link(key, Integer.MAX_VALUE - 64));
    }

    private static void largeAndSmallFramesInOneReadArrive(Link link) {
        byte[] first = new byte[2 * 1024 * 1024];
        byte[] second = new byte[1024 * 1024 + 1];
        first[first.length - 1] = 1;
        second[0] = 2;
        link.out().writeOutbound(Envelope.of(1, push(first)), Envelope.of(2, new Cancel(5)),
                Envelope.of(3, push(second)), Envelope.of(4, new Cancel(6)));
        CompositeByteBuf all = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        writes(link.out()).forEach(b -> all.addComponent(true, b));
        EmbeddedChannel in = link.in();
        in.pipeline().get(SignedFrameDecoder.class).helloAccepted();
        // cut where the reads of a socket might: 64 KiB at a time, so frames end inside reads
        while (all.isReadable()) {
            in.writeInbound(all.readRetainedSlice(Math.min(all.readableBytes(), 65_536 + 13)));
        }
        all.release();
        List<Object> got = new ArrayList<>();
        Object m;
        while ((m = in.readInbound()) != null) {
            got.add(((Envelope) m).message());
        }
        assertThat(got).hasSize(4);
        byte[] a = (byte[]) new DefaultSerializer().decode(((Submit) got.get(0)).spec().value(), null);
        byte[] b = (byte[]) new DefaultSerializer().decode(((Submit) got.get(2)).spec().value(), null);
        assertThat(a).isEqualTo(first);
        assertThat(b).isEqualTo(second);
        assertThat(got.get(1)).isEqualTo(new Cancel(5));
        assertThat(got.get(3)).isEqualTo(new Cancel(6));
        ((Submit) got.get(0)).release();
        ((Submit) got.get(2)).release();
        link.close();
    }

    @Test
    void aLargeFrameInTheSameReadAsTheWelcomeArrivesOnceTheWelcomeLiftsTheLimit() {
        byte[] big = new byte[1024 * 1024];
        big[big.length - 1] = 7;
        Link link = link(key, Integer.MAX_VALUE - 64);
        EmbeddedChannel in = link.in();
        // as the handshake does: the welcome lifts the limit, in the same event-loop turn
        in.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (((Envelope) msg).message() instanceof Welcome) {
                    ctx.pipeline().get(SignedFrameDecoder.class).helloAccepted();
                }
                ctx.fireChannelRead(msg);
            }
        });
        link.out().writeOutbound(Envelope.of(0, new Welcome(3, 1, Version.CURRENT, 700, 4)), Envelope.of(1, push(big)));
        CompositeByteBuf oneRead = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        writes(link.out()).forEach(b -> oneRead.addComponent(true, b));
        in.writeInbound(oneRead);

        assertThat(in.isOpen()).as("the large frame was not held to the limit before a hello").isTrue();
        assertThat(((Envelope) in.readInbound()).message()).isInstanceOf(Welcome.class);
        Submit submit = (Submit) ((Envelope) in.readInbound()).message();
        assertThat((byte[]) new DefaultSerializer().decode(submit.spec().value(), null)).isEqualTo(big);
        submit.release();
        link.close();
    }

    @Test
    void largeFrameChangedInTheMiddleIsRefusedAtItsEnd() {
        byte[] big = new byte[2 * 1024 * 1024];
        Link link = link(key, Integer.MAX_VALUE - 64);
        link.out().writeOutbound(Envelope.of(1, push(big)));
        List<ByteBuf> writes = writes(link.out());
        ByteBuf middle = writes.get(writes.size() / 2);
        ByteBuf changed = Unpooled.copiedBuffer(middle);
        changed.setByte(100, changed.getByte(100) + 1);
        writes.set(writes.size() / 2, changed);
        middle.release();
        EmbeddedChannel in = link.in();
        in.pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (ByteBuf chunk : writes) {
            in.writeInbound(chunk);
        }
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
        link.close();
    }

    @Test
    void frameSignedWithAnotherKeyClosesTheConnectionAndIsNeverDecoded() {
        Link link = sentTo(ClusterKey.random(), 1 << 20);
        ByteBuf forged = wire(link.out(), Envelope.of(1, new Submit(1, -1, 0, 0,
                TaskSpec.java(new DefaultSerializer().encode(new Tripwire(), ByteBufAllocator.DEFAULT)))));
        EmbeddedChannel in = link.in();
        in.writeInbound(forged);
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
        assertThat(Tripwire.decoded).isFalse();
    }

    @Test
    void aLargeFrameWhoseFieldsOverrunItIsRefused() {
        for (int fieldsBytes : new int[] {-1, 1000, Integer.MAX_VALUE}) {
            Link link = link(key, 1 << 20);
            link.in().pipeline().get(SignedFrameDecoder.class).helloAccepted();
            ByteBuf frame = Unpooled.buffer();
            int signed = Frame.HEADER_BYTES + SignedFrameEncoder.FIELDS_LENGTH_BYTES + 100;
            frame.writeInt(signed + ClusterKey.MAC_BYTES);
            frame.writeByte(MessageType.SUBMIT.code() | SignedFrameEncoder.LARGE).writeLong(1).writeLong(0);
            frame.writeInt(fieldsBytes).writeZero(100 + ClusterKey.MAC_BYTES);
            link.in().writeInbound(frame);
            assertThat((Object) link.in().readInbound()).isNull();
            assertThat(link.in().isOpen()).as("fields of %d bytes in a body of 100", fieldsBytes).isFalse();
            link.close();
        }
    }

    @Test
    void aSmallFrameIsOneWriteALargerOneThreeAndAllArriveIntact() {
        Link link = link(key, Integer.MAX_VALUE - 64);
        link.in().pipeline().get(SignedFrameDecoder.class).helloAccepted();
        for (int size : new int[] {0, 100, 3_900, 4_200, 200_000}) {
            byte[] value = new byte[size];
            Arrays.fill(value, (byte) size);
            link.out().writeOutbound(Envelope.of(1, push(value)));
            List<ByteBuf> writes = writes(link.out());
            // a push's fields and the serialized array's header are a few dozen bytes
            assertThat(writes).as("writes of a frame with a %d-byte value", size)
                    .hasSize(size < SignedFrameEncoder.COPY_BODY_BYTES - 100 ? 1 : 3);
            for (ByteBuf write : writes) {
                link.in().writeInbound(write);
            }
            Submit back = (Submit) ((Envelope) link.in().readInbound()).message();
            assertThat((byte[]) new DefaultSerializer().decode(back.spec().value(), getClass().getClassLoader()))
                    .isEqualTo(value);
            back.release();
        }
        link.close();
    }

    @Test
    void flippedBitInABodyIsCaught() {
        Link link = link(key, 1 << 20);
        ByteBuf good = wire(link.out(), Envelope.of(1, new Refused("intact")));
        good.setByte(30, good.getByte(30) ^ 1);
        EmbeddedChannel in = link.in();
        in.writeInbound(good);
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void beforeAHelloEvenAnAllowedSizeIsRefusedWhenLarge() {
        EmbeddedChannel in = link(key, Integer.MAX_VALUE - 64).in();
        in.writeInbound(Unpooled.buffer().writeInt(SignedFrameDecoder.BEFORE_HELLO_MAX_BYTES + 1).writeBytes(new byte[8]));
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void aGigabyteClaimedBeforeAHelloIsNeverAllocated() {
        EmbeddedChannel in = link(key, Integer.MAX_VALUE - 64).in();
        ByteBuf header = Unpooled.buffer().writeInt(Integer.MAX_VALUE - 100);
        in.writeInbound(header.readRetainedSlice(2));  // the length in two reads, then more bytes
        in.writeInbound(header);
        if (in.isOpen()) {
            in.writeInbound(Unpooled.wrappedBuffer(new byte[4096]));
        }
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void oversizedFrameIsRefusedFromItsLengthAlone() {
        EmbeddedChannel in = link(key, 1024).in();
        ByteBuf header = Unpooled.buffer().writeInt(1_000_000).writeBytes(new byte[64]);
        in.writeInbound(header);
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void garbageIsRefused() {
        EmbeddedChannel in = link(key, 1 << 20).in();
        byte[] junk = new byte[200];
        new Random(1).nextBytes(junk);
        junk[0] = 0;
        junk[1] = 0;
        junk[2] = 0;
        junk[3] = (byte) 150;
        in.writeInbound(Unpooled.wrappedBuffer(junk));
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void signedButMalformedBodyIsRefused() {
        // a correctly signed HELLO whose string length points past the end of the frame
        Link link = link(key, 1 << 20);
        ByteBuf bytes = wire(link.out(), new Frame(MessageType.HELLO, 1, 0,
                Unpooled.buffer().writeByte(0).writeInt(999_999)));
        EmbeddedChannel in = link.in();
        in.writeInbound(bytes);
        assertThat((Object) in.readInbound()).isNull();
        assertThat(in.isOpen()).isFalse();
    }

    @Test
    void aFrameReplayedOnAnotherConnectionIsRefusedAndNeverDecoded() {
        Link first = link(key, 1 << 20);
        ByteBuf captured = wire(first.out(), Envelope.of(1, new Submit(1, -1, 0, 0,
                TaskSpec.java(new DefaultSerializer().encode(new Tripwire(), ByteBufAllocator.DEFAULT)))));
        Link second = link(key, 1 << 20);
        second.in().writeInbound(captured.retainedDuplicate());
        assertThat((Object) second.in().readInbound()).isNull();
        assertThat(second.in().isOpen()).as("signed with the right key, but for another connection's nonce").isFalse();
        assertThat(Tripwire.decoded).isFalse();
        captured.release();
    }

    @Test
    void aFrameReplayedOnItsOwnConnectionIsRefused() {
        Link link = link(key, 1 << 20);
        ByteBuf once = wire(link.out(), Envelope.of(1, new Refused("once")));
        link.in().writeInbound(once.retainedDuplicate());
        assertThat(((Envelope) link.in().readInbound()).message()).isEqualTo(new Refused("once"));
        link.in().writeInbound(once);
        assertThat((Object) link.in().readInbound()).isNull();
        assertThat(link.in().isOpen()).as("the same bytes again are out of their place").isFalse();
    }

    @Test
    void framesWrittenBeforeThePeersNonceWaitForIt() {
        EmbeddedChannel out = pipeline(key, 1 << 20);
        EmbeddedChannel in = pipeline(key, 1 << 20);
        ByteBuf outNonce = out.readOutbound();
        out.writeOutbound(Envelope.of(5, new Refused("early")));
        assertThat((Object) out.readOutbound()).as("nothing signed before the peer's nonce is known").isNull();
        out.writeInbound((ByteBuf) in.readOutbound());
        in.writeInbound(outNonce);
        in.writeInbound(wire(out, Envelope.of(0, new Refused("late"))));
        assertThat(((Envelope) in.readInbound()).message()).isEqualTo(new Refused("early"));
        assertThat(((Envelope) in.readInbound()).message()).isEqualTo(new Refused("late"));
    }

    /** Records whether anyone ever deserialized it. */
    static final class Tripwire implements Serializable {
        static volatile boolean decoded;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            decoded = true;
        }
    }
}
