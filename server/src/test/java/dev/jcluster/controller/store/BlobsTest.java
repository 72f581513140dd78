package dev.jcluster.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One value sent to many engines is written once: its other tasks' files are links to that one,
 * each deleted on its own, and a task's file written again leaves the others as they were.
 */
class BlobsTest {
    @TempDir
    Path dir;

    private static ByteBuf value(int bytes, int seed) {
        ByteBuf b = Unpooled.directBuffer(bytes);
        for (int i = 0; i < bytes; i++) {
            b.writeByte(i * 31 + seed);
        }
        return b;
    }

    private static byte[] content(ByteBuf b) {
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void oneValueForManyTasksIsWrittenOnceAndLinked() throws IOException {
        Blobs blobs = new Blobs(dir);
        ByteBuf shared = value(200_000, 1);
        ByteBuf sameBytesElsewhere = value(200_000, 1);
        for (long task = 1; task <= 3; task++) {
            ByteBuf perTarget = shared.retainedDuplicate();  // as a Submit's perTarget() holds it
            blobs.write('t', task, perTarget);
            perTarget.release();
        }
        blobs.write('t', 4, sameBytesElsewhere);
        blobs.stage();
        blobs.writeStaged();

        assertThat(Files.isSameFile(dir.resolve("t1"), dir.resolve("t2"))).isTrue();
        assertThat(Files.isSameFile(dir.resolve("t1"), dir.resolve("t3"))).isTrue();
        assertThat(Files.isSameFile(dir.resolve("t1"), dir.resolve("t4"))).as("another buffer").isFalse();
        assertThat(Files.readAllBytes(dir.resolve("t3"))).isEqualTo(content(shared));
        assertThat(Files.readAllBytes(dir.resolve("t4"))).isEqualTo(content(shared));

        blobs.delete('t', 1);
        assertThat(dir.resolve("t1")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("t2"))).isEqualTo(content(shared));

        ByteBuf other = value(1000, 9);
        blobs.write('t', 2, other);
        blobs.stage();
        blobs.writeStaged();
        assertThat(Files.readAllBytes(dir.resolve("t2"))).isEqualTo(content(other));
        assertThat(Files.readAllBytes(dir.resolve("t3"))).as("a link's sibling, untouched").isEqualTo(content(shared));
        assertThat(shared.refCnt()).as("every reference the store took was let go").isEqualTo(1);
        shared.release();
        sameBytesElsewhere.release();
        other.release();
    }
}
