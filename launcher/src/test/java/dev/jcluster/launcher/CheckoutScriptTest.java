package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/jcluster in a checkout: it builds when a source is newer than the build, and never
 * inside a batch job. Run on a copy of the script in a checkout laid out with stand-ins: a build
 * whose bin/jcluster echoes, and an mvn that records its calls and makes a build.
 */
class CheckoutScriptTest {
    private static final Instant BUILT = Instant.parse("2026-01-02T10:00:00Z");

    @TempDir
    Path tmp;
    Path repo;
    Path calls;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void checkout() throws Exception {
        repo = tmp.resolve("repo");
        Path script = Files.createDirectories(repo.resolve("scripts")).resolve("jcluster");
        Files.copy(JclusterCommand.REPO.resolve("scripts/jcluster"), script);
        Path source = Files.createDirectories(repo.resolve("server/src/main/java")).resolve("Engine.java");
        Files.writeString(source, "class Engine {}\n");
        Path profile = Files.createDirectories(repo.resolve("profiles")).resolve("local.yaml");
        Files.writeString(profile, "engines: {}\n");
        for (Path f : List.of(source, profile)) {
            Files.setLastModifiedTime(f, FileTime.from(BUILT.minusSeconds(3600)));
        }
        calls = tmp.resolve("mvn-calls");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/bin/sh\necho \"$*\" >> " + calls + "\n"
                + "mkdir -p launcher/target/jcluster/bin\n"
                + "printf '#!/bin/sh\\necho \"ran $*\"\\n' > launcher/target/jcluster/bin/jcluster\n"
                + "touch launcher/target/jcluster/.built\n");
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void build() throws Exception {
        Path dist = Files.createDirectories(repo.resolve("launcher/target/jcluster/bin"));
        executable(dist.resolve("jcluster"), "#!/bin/sh\necho \"ran $*\"\n");
        Path mark = dist.getParent().resolve(".built");
        Files.writeString(mark, "");
        Files.setLastModifiedTime(mark, FileTime.from(BUILT));
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(repo.resolve("scripts/jcluster").toString());
        pb.command().addAll(List.of(args));
        pb.directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.startsWith("PBS_") || k.startsWith("LSB_")
                || k.startsWith("SGE_") || k.equals("_CONDOR_JOB_AD") || k.equals("CCP_JOBID"));
        pb.environment().put("PATH", tmp.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aCurrentBuildRunsWithoutBuilding() throws Exception {
        build();
        Result r = run(Map.of(), "status", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ran status --json\n");
        assertThat(calls).doesNotExist();
    }

    @Test
    void aSourceNewerThanTheBuildIsBuiltOnceBeforeTheCommandRuns() throws Exception {
        build();
        Files.setLastModifiedTime(repo.resolve("profiles/local.yaml"), FileTime.from(BUILT.plusSeconds(60)));
        Result r = run(Map.of(), "status");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("building jcluster from this checkout");
        assertThat(r.out()).isEqualTo("ran status\n");
        assertThat(Files.readAllLines(calls)).singleElement().asString().contains("package").contains("-DskipTests");

        Result again = run(Map.of(), "status");
        assertThat(again.out()).isEqualTo("ran status\n");
        assertThat(Files.readAllLines(calls)).as("built once: the build is now newer").hasSize(1);
    }

    @Test
    void noCheckoutBuildAtAllIsBuiltOnFirstUse() throws Exception {
        Result r = run(Map.of(), "version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ran version\n");
        assertThat(calls).exists();
    }

    @Test
    void insideABatchJobAStaleBuildRunsWithAWarningAndNothingIsBuilt() throws Exception {
        build();
        Files.setLastModifiedTime(repo.resolve("server/src/main/java/Engine.java"), FileTime.from(BUILT.plusSeconds(60)));
        Result r = run(Map.of("SLURM_JOB_ID", "41"), "status");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ran status\n");
        assertThat(r.err()).contains("Engine.java is newer than the build").contains("mvn -B -DskipTests package");
        assertThat(calls).doesNotExist();
    }

    @Test
    void insideABatchJobWithNoBuildItSaysWhatToRunInstead() throws Exception {
        Result r = run(Map.of("SGE_O_HOST", "login1"), "start");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("a batch job does not build one").contains("mvn -B -DskipTests package -pl launcher -am");
        assertThat(r.out()).isEmpty();
        assertThat(calls).doesNotExist();
    }
}
