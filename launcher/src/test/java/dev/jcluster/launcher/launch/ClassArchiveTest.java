package dev.jcluster.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
    @TempDir
    Path tmp;

    private List<String> jars() throws Exception {
        return List.of(Files.writeString(tmp.resolve("a.jar"), "a").toString(),
                Files.writeString(tmp.resolve("b.jar"), "bb").toString());
    }

    @Test
    void firstEngineWritesItUnderItsClustersNameAndStopPutsItInPlace() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassArchive archive = ClassArchive.of(cache, "engine", jars());
        List<String> first = archive.jvmOptions("local-a", true);
        assertThat(first).first().asString().startsWith("-XX:ArchiveClassesAtExit=" + cache);
        assertThat(archive.jvmOptions("local-a", false)).isEmpty();
        assertThat(Files.getPosixFilePermissions(cache)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");

        // what the JVM writes at exit
        Files.writeString(Path.of(first.get(0).substring(first.get(0).indexOf('=') + 1)), "archive");
        assertThat(ClassArchive.adoptWritten(cache, "local-b")).isFalse();
        assertThat(ClassArchive.adoptWritten(cache, "local-a")).isTrue();
        assertThat(archive.jvmOptions("local-c", true)).containsExactly("-XX:SharedArchiveFile=" + archive.archive());
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(archive.archive());
        }
    }

    @Test
    void aSecondArchiveWrittenMeanwhileIsDroppedNotSwapped() throws Exception {
        Path cache = tmp.resolve("cache");
        ClassArchive archive = ClassArchive.of(cache, "engine", jars());
        String a = archive.jvmOptions("x-1", true).get(0);
        String b = archive.jvmOptions("x-2", true).get(0);
        Files.writeString(Path.of(a.substring(a.indexOf('=') + 1)), "first");
        Files.writeString(Path.of(b.substring(b.indexOf('=') + 1)), "second");
        assertThat(ClassArchive.adoptWritten(cache, "x-1")).isTrue();
        assertThat(ClassArchive.adoptWritten(cache, "x-2")).isFalse();
        assertThat(Files.readString(archive.archive())).isEqualTo("first");
        try (var files = Files.list(cache)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void anotherInstallationOrAFolderOnTheClassPath() throws Exception {
        Path cache = tmp.resolve("cache");
        List<String> classPath = jars();
        ClassArchive archive = ClassArchive.of(cache, "engine", classPath);
        Files.writeString(tmp.resolve("b.jar"), "a new build");
        assertThat(ClassArchive.of(cache, "engine", classPath).archive()).isNotEqualTo(archive.archive());

        Files.createDirectories(tmp.resolve("classes"));
        List<String> withFolder = List.of(classPath.get(0), tmp.resolve("classes").toString());
        // AppCDS refuses to start with a non-empty folder on the class path: no archive at all
        assertThat(ClassArchive.of(cache, "engine", withFolder).jvmOptions("c", true)).isEmpty();
    }
}
