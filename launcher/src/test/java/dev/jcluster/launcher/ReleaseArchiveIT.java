package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.backends.spi.Launched;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release archive `mvn package` makes, unpacked into a folder of its own and used from another. */
class ReleaseArchiveIT {
    @TempDir
    Path tmp;
    Path installed;
    JclusterCommand jcluster;

    @BeforeEach
    void unpack() throws Exception {
        Path archive;
        try (Stream<Path> s = Files.list(JclusterCommand.REPO.resolve("launcher/target"))) {
            archive = s.filter(p -> p.getFileName().toString().matches("jcluster-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jcluster-VERSION.tar.gz: `mvn package` makes it"));
        }
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", opt.toString()).inheritIO().start();
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).isZero();
        String top = archive.getFileName().toString().replace(".tar.gz", "");
        installed = opt.resolve(top);
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(installed.resolve("bin/jcluster"), tmp.resolve("home"), tmp.resolve("work"));
        // Maven stands first on the PATH and fails: the installed command must never need it
        Path noMaven = Files.createDirectories(tmp.resolve("no-maven"));
        Path mvn = noMaven.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"mvn was run: $*\" >> " + tmp.resolve("mvn-calls") + "\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        jcluster.withPathFirst(noMaven);
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        List<Launched> left = jcluster.killLeftovers();
        assertThat(left).as("processes a test left running").isEmpty();
    }

    @Test
    void unpackedAnywhereItRunsAClusterWithJavaAloneAndStopsItCompletely() throws Exception {
        assertThat(installed.resolve("bin/jcluster")).isExecutable();
        assertThat(installed.resolve("lib")).isDirectoryContaining("glob:**/jcluster-launcher-*.jar");
        assertThat(installed.resolve("profiles/templates/README.md")).exists();
        assertThat(installed.resolve("jobs/slurm-job.sh")).isExecutable();
        assertThat(installed.resolve("LICENSE")).exists();
        assertThat(Files.readString(installed.resolve("THIRD-PARTY.txt"))).contains("io.netty:netty-transport");

        var profiles = jcluster.run("profile", "list");
        assertThat(profiles.exitCode()).as(profiles.err()).isZero();
        assertThat(profiles.out()).contains(installed.resolve("profiles/local.yaml").toString())
                .doesNotContain(JclusterCommand.REPO.resolve("profiles").toString());

        var start = jcluster.run("start", "-n", "2", "--daemonize");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("cluster local-default is running with 2 engine(s)");

        var exec = jcluster.run("exec", "System.getProperty(\"java.class.path\").split(\":\")[0]");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().toList()).as("engines run from the archive's lib/, not the checkout")
                .hasSize(2).allSatisfy(line -> assertThat(line).contains(installed.resolve("lib").toString()));

        var run = jcluster.run("run", "--args", "1..4", "--output", tmp.resolve("out").toString(), "--",
                "sh", "-c", "echo square {} $(( {} * {} ))");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(tmp.resolve("out")).isDirectory();
        try (Stream<Path> outputs = Files.walk(tmp.resolve("out"))) {
            String all = String.join("\n", outputs.filter(Files::isRegularFile).map(ReleaseArchiveIT::read).toList());
            assertThat(all).contains("square 1 1", "square 2 4", "square 3 9", "square 4 16");
        }

        List<Launched> started = jcluster.launched();
        assertThat(started).extracting(Launched::role).contains("controller");
        var stop = jcluster.run("stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).as("processes left after stop").isEmpty();
        assertThat(tmp.resolve("mvn-calls")).doesNotExist();
    }

    @Test
    void aJavaOlderThan17IsOneClearError() throws Exception {
        Path jdk = Files.createDirectories(tmp.resolve("jdk-11/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'this old java should not be started' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("jdk-11/release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.21\"\n");
        jcluster.env().put("JAVA_HOME", tmp.resolve("jdk-11").toString());

        var status = jcluster.run("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err().strip()).doesNotContain("\n").contains("needs Java 17 or newer")
                .contains("Java 11.0.21").contains("JAVA_HOME")
                .doesNotContain("this old java should not be started");
        assertThat(status.out()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(file + File.separator + e.getMessage(), e);
        }
    }
}
