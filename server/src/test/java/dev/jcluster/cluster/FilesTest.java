package dev.jcluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.client.Client;
import dev.jcluster.client.ShellCommand;
import dev.jcluster.client.ShellResult;
import dev.jcluster.testing.ControllerProcess;
import dev.jcluster.testing.EngineProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and folders to engines and back, through real engine JVMs: content, modes and empty
 * files and folders kept; a file larger than a chunk; clear errors for what is missing.
 */
class FilesTest {
    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("sub/empty"));
        byte[] big = new byte[9 << 20];  // more than two chunks
        new Random(7).nextBytes(big);
        Files.write(src.resolve("sub/big.bin"), big);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(src.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.write(src.resolve("empty.txt"), new byte[0]);
        return src;
    }

    @Test
    void aFolderGoesToEveryEngineAndComesBackIntact() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false);
            engines.start(controller.connectionFile());
            engines.start(controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(2, Duration.ofSeconds(60));
                Path src = tree();
                String remote = dir.resolve("remote").toString();
                AtomicLong sent = new AtomicLong();
                client.direct().upload(src, remote, sent::addAndGet);
                assertThat(sent.get()).as("progress counts every byte once").isEqualTo(Files.size(src.resolve("sub/big.bin"))
                        + Files.size(src.resolve("run.sh")));

                // the engines see it: run the script there
                List<ShellResult> ran = client.direct().shell(ShellCommand.of(remote + "/run.sh"));
                assertThat(ran).extracting(ShellResult::stdout).containsOnly("hello\n");
                assertThat(Files.list(Path.of(remote)).map(p -> p.getFileName().toString()))
                        .as("no part file left").noneMatch(n -> n.contains(".jcluster-part"));

                Path back = dir.resolve("back");
                client.direct().download(remote, back);
                for (int id : client.ids()) {
                    Path copy = back.resolve("engine-" + id);
                    assertThat(Files.mismatch(copy.resolve("sub/big.bin"), src.resolve("sub/big.bin"))).isEqualTo(-1);
                    assertThat(Files.readString(copy.resolve("run.sh"))).isEqualTo("#!/bin/sh\necho hello\n");
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("run.sh"))))
                            .isEqualTo("rwxr-x---");
                    assertThat(copy.resolve("empty.txt")).isEmptyFile();
                    assertThat(copy.resolve("sub/empty")).isEmptyDirectory();
                }

                Path one = dir.resolve("one.bin");
                client.direct(1).download(remote + "/sub/big.bin", one);
                assertThat(Files.mismatch(one, src.resolve("sub/big.bin"))).as("one engine: no engine folder").isEqualTo(-1);
            }
        }
    }

    @Test
    void whatIsMissingIsNamedOnEitherSide() throws Exception {
        try (ControllerProcess controller = new ControllerProcess(dir);
             EngineProcesses engines = new EngineProcesses(dir)) {
            controller.start(false);
            engines.start(controller.connectionFile());
            try (Client client = Client.connect(controller.connectionFile())) {
                client.waitForEngines(1, Duration.ofSeconds(60));
                assertThatThrownBy(() -> client.direct().upload(dir.resolve("nothing"), "x"))
                        .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("nothing") + ": no such file");
                String missing = dir.resolve("not-there").toString();
                assertThatThrownBy(() -> client.direct().download(missing, dir.resolve("x")))
                        .isInstanceOf(IOException.class).hasMessageContaining(missing + ": no such file or folder")
                        .hasMessageContaining("engine 0");
                // a file where the engine cannot write: the engine's reason comes back
                Files.writeString(dir.resolve("f.txt"), "x");
                assertThatThrownBy(() -> client.direct().upload(dir.resolve("f.txt"), "/proc/jcluster-test/f.txt"))
                        .isInstanceOf(IOException.class).hasMessageContaining("/proc/jcluster-test");
                assertThat(client.direct(0).apply(() -> 6 * 7)).containsExactly(42);
            }
        }
    }
}
