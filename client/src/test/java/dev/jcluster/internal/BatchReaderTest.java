package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link that shares memory takes records out of the slot a word names, gives the slot back once
 * its last record is out, passes the peer's "emptied" words on, and refuses a word naming a slot
 * that is not there, a batch longer than a slot, a record longer than its batch, or a batch on the
 * socket.
 */
class BatchReaderTest {
    private static final int SLOT = 64 * 1024;
    @TempDir
    Path dir;

    private static ByteArrayInputStream words(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length);
        for (int w : words) {
            b.putInt(w);
        }
        return new ByteArrayInputStream(b.array());
    }

    @Test
    void recordsComeOutOfTheNamedSlotWhichIsThenGivenBack() throws IOException {
        SharedRing ring = SharedRing.create(dir, 2, SLOT);
        ByteBuffer slot = ring.slot(SharedRing.CLIENT_TO_ENGINE, 1);
        slot.putInt(0, 3).put(4, new byte[] {1, 2, 3}).putInt(7, 2).put(11, new byte[] {4, 5});
        List<Integer> emptied = new ArrayList<>();
        List<Integer> freed = new ArrayList<>();
        BatchReader reader = new BatchReader(words(BatchWord.emptied(0), BatchWord.inSlot(1, 13)), SLOT);
        reader.useRing(ring, SharedRing.CLIENT_TO_ENGINE, emptied::add, freed::add);

        byte[] got = new byte[4];
        assertThat(reader.next()).isEqualTo(3);
        assertThat(freed).as("the peer's word about this side's slot 0").containsExactly(0);
        reader.take(null, got, 1);
        assertThat(got).containsExactly(0, 1, 2, 3);
        assertThat(emptied).as("a record is still in the slot").isEmpty();
        assertThat(reader.next()).isEqualTo(2);
        assertThat(emptied).as("the last record is not taken yet").isEmpty();
        reader.take(null, got, 0);
        assertThat(got).containsExactly(4, 5, 2, 3);
        assertThat(emptied).containsExactly(1);
        ring.unlink();
    }

    @Test
    void aRecordLongerThanWhatIsLeftOfItsSlotsBatchIsRefused() throws IOException {
        SharedRing ring = SharedRing.create(dir, 2, SLOT);
        ring.slot(SharedRing.CLIENT_TO_ENGINE, 0).putInt(0, 100);
        BatchReader reader = new BatchReader(words(BatchWord.inSlot(0, 50)), SLOT);
        reader.useRing(ring, SharedRing.CLIENT_TO_ENGINE, s -> { }, s -> { });
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class)
                .hasMessageContaining("a data link record of 100 bytes in a batch with 46 left");
        ring.unlink();
    }

    @Test
    void wordsNamingNoSlotOrTooMuchOrASocketBatchAreRefused() throws IOException {
        SharedRing ring = SharedRing.create(dir, 2, SLOT);
        for (int word : new int[] {BatchWord.inSlot(5, 10), BatchWord.inSlot(0, SLOT + 1), 100}) {
            BatchReader reader = new BatchReader(words(word), SLOT);
            reader.useRing(ring, SharedRing.CLIENT_TO_ENGINE, s -> { }, s -> { });
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class)
                    .hasMessageMatching(".*(slot 5, which is not there|batch of 65537 bytes|on the socket of a data link).*");
        }
        ring.unlink();
    }
}
