package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.client.RemoteCallable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on real clusters started by the installed {@code jcluster} command: two engine JVMs
 * that have never seen the example's classes (they arrive by remote class loading), once with the
 * Vector API (the local profile) and once without (a profile that leaves the module out). Both
 * give this JVM's serial results bit for bit.
 */
class PmfClusterIT {
    private static final Path REPO = Path.of(System.getProperty("jcluster.repo", "../..")).toAbsolutePath().normalize();
    private static final PmfBootstrap.Plan PLAN = new PmfBootstrap.Plan(2, 11,
            new LsNmf.Settings(6, 1500, 0.1, 50), new LsNmf.Settings(6, 800, 0.1, 50), 6, 0, 0.6);

    @TempDir
    Path home;

    /** Where an engine found the class: a jar or folder of its own, or the remote class loader. */
    record Origin() implements RemoteCallable<String> {
        @Override
        public String call() {
            return LsNmf.class.getClassLoader().getClass().getName();
        }
    }

    @Test
    void realEnginesWithAndWithoutTheVectorApiGiveTheSerialResultsBitForBit() throws Exception {
        PmfData data = PmfTestData.baltimore().categorize(List.of("PM2.5"), List.of("OM"));
        PmfBootstrap serialRun = new PmfBootstrap(null, (phase, done, total) -> { });
        assertThat(serialRun.kernels()).containsExactly(Map.entry(-1, "vector"));
        LsNmf.Fit serialBase = serialRun.baseCase(data, PLAN);
        BootstrapSummary serial = serialRun.bootstrap(data, serialBase, BlockBootstrap.automaticLength(data), PLAN);

        Files.createDirectories(home.resolve("profiles"));
        Files.writeString(home.resolve("profiles/scalar.yaml"), "engines:\n  jvm-options: [-Xmx512m]\n");
        for (String profile : List.of("local", "scalar")) {
            String kernel = profile.equals("local") ? "vector" : "scalar";
            String started = jcluster("start", "--profile", profile, "-n", "2", "--cluster-id", "it", "--daemonize");
            assertThat(started).contains("is running with 2 engine(s)");
            try (Client client = Client.connect(home.resolve("clusters/" + profile + "-it/connection.properties"))) {
                assertThat(client.direct().apply(new Origin())).as("the example's classes on the engines")
                        .hasSize(2).allSatisfy(loader -> assertThat(loader).doesNotContain("AppClassLoader"));
                PmfBootstrap analysis = new PmfBootstrap(client, (phase, done, total) -> { });
                assertThat(analysis.kernels().values()).containsExactly(kernel, kernel);
                LsNmf.Fit base = analysis.baseCase(data, PLAN);
                assertThat(base.g()).containsExactly(serialBase.g());
                assertThat(base.f()).containsExactly(serialBase.f());
                BootstrapSummary cluster = analysis.bootstrap(data, base, BlockBootstrap.automaticLength(data), PLAN);
                assertThat(cluster.done()).isEqualTo(PLAN.replicates());
                for (int r = 0; r < PLAN.replicates(); r++) {
                    Replicate.Result c = cluster.results().get(r);
                    Replicate.Result s = serial.results().get(r);
                    assertThat(c.g()).as("%s engines, replicate %d", kernel, r).containsExactly(s.g());
                    assertThat(c.f()).as("%s engines, replicate %d", kernel, r).containsExactly(s.f());
                    assertThat(c.qTrue()).isEqualTo(s.qTrue());
                    assertThat(c.iterations()).isEqualTo(s.iterations());
                }
            } finally {
                assertThat(jcluster("stop", "--profile", profile, "--cluster-id", "it")).contains("stopped");
            }
        }
    }

    /** Runs the installed command; its output, once it succeeded. */
    private String jcluster(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("scripts/jcluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JCLUSTER_HOME", home.toString());
        Path out = Files.createTempFile(home, "jcluster", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jcluster " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("jcluster %s: %s", String.join(" ", args), text).isZero();
        return text;
    }
}
