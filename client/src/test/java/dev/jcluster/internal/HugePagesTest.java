package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HugePagesTest {
    @TempDir
    Path dir;

    private Path mode(String text) throws Exception {
        return Files.writeString(dir.resolve("enabled"), text);
    }

    @Test
    void askedForWhereTheKernelGivesThemOnRequest() throws Exception {
        assertThat(HugePages.requestedWith(List.of("-Xmx1g"), mode("always [madvise] never\n")))
                .containsExactly("-Xmx1g", HugePages.FLAG);
    }

    @Test
    void notAskedForWhereTheKernelGivesThemAlwaysOrNever() throws Exception {
        assertThat(HugePages.requestedWith(List.of("-Xmx1g"), mode("[always] madvise never\n"))).containsExactly("-Xmx1g");
        assertThat(HugePages.requestedWith(List.of("-Xmx1g"), mode("always madvise [never]\n"))).containsExactly("-Xmx1g");
        assertThat(HugePages.requestedWith(List.of(), dir.resolve("missing"))).isEmpty();
    }

    @Test
    void theProfileHasTheLastWord() throws Exception {
        assertThat(HugePages.requestedWith(List.of("-XX:-UseTransparentHugePages"), mode("always [madvise] never\n")))
                .containsExactly("-XX:-UseTransparentHugePages");
    }
}
