package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring is the creator's alone on disk, crosses between two mappings of it, and is refused by a
 * side that finds another token, another shape, or no file where the offer says.
 */
class SharedRingTest {
    private static final int SLOT = 64 * 1024;
    @TempDir
    Path dir;

    @Test
    void whatOneMappingPutsInASlotTheOtherGetsOut() throws IOException {
        SharedRing made = SharedRing.create(dir, 2, SLOT);
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SharedRing joined = SharedRing.join(made.offer(), SLOT);
        made.unlink();
        assertThat(file).doesNotExist();

        byte[] batch = new byte[1000];
        Arrays.fill(batch, (byte) 7);
        made.slot(SharedRing.CLIENT_TO_ENGINE, 1).put(0, batch, 10, 900);
        made.fence();
        byte[] got = new byte[900];
        joined.fence();
        joined.slot(SharedRing.CLIENT_TO_ENGINE, 1).get(0, got);
        assertThat(got).containsOnly((byte) 7);
        joined.slot(SharedRing.ENGINE_TO_CLIENT, 1).get(0, got);
        assertThat(got).as("the other direction's slot is another place").containsOnly((byte) 0);
        assertThatThrownBy(() -> joined.slot(SharedRing.CLIENT_TO_ENGINE, 2))
                .hasMessageContaining("slot 2 of 2");
    }

    @Test
    void anOfferWithAnotherTokenOrShapeOrNoFileIsRefused() throws IOException {
        SharedRing made = SharedRing.create(dir, 2, SLOT);
        byte[] offer = made.offer();
        byte[] otherToken = offer.clone();
        otherToken[8] ^= 1;
        assertThatThrownBy(() -> SharedRing.join(otherToken, SLOT)).hasMessageContaining("is not the ring the client made");
        assertThatThrownBy(() -> SharedRing.join(offer, 2 * SLOT)).hasMessageContaining("2 slots of 65536 bytes");
        made.unlink();
        assertThatThrownBy(() -> SharedRing.join(offer, SLOT)).isInstanceOf(IOException.class)
                .hasMessageContaining("jcluster-link-");
    }
}
