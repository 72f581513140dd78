package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.server.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole analysis on a small set: the same numbers whatever the engine count, and a full report. */
class PmfBootstrapTest {
    @TempDir
    Path out;

    private static final PmfBootstrap.Plan PLAN = new PmfBootstrap.Plan(2, 7,
            new LsNmf.Settings(3, 3000, 0.1, 50), new LsNmf.Settings(3, 1500, 0.1, 50), 8, 0, 0.6);

    private static BootstrapSummary run(Client client, PmfData data) throws Exception {
        PmfBootstrap analysis = new PmfBootstrap(client, (phase, done, total) -> { });
        LsNmf.Fit base = analysis.baseCase(data, PLAN);
        return analysis.bootstrap(data, base, BlockBootstrap.automaticLength(data), PLAN);
    }

    @Test
    void sameResultsOnOneOrTwoEnginesOrNoneAndAFullReport() throws Exception {
        PmfData data = PmfData.read(PmfTestData.DIR.resolve("stlouis/Dataset-StLouis-con.csv"),
                PmfTestData.DIR.resolve("stlouis/Dataset-StLouis-unc.csv"));
        BootstrapSummary serial = run(null, data);
        BootstrapSummary one;
        BootstrapSummary two;
        try (InProcessCluster inProcess = InProcessCluster.start(1); Client c = inProcess.client()) {
            one = run(c, data);
        }
        try (InProcessCluster inProcess = InProcessCluster.start(2); Client c = inProcess.client()) {
            two = run(c, data);
        }
        assertThat(serial.done()).isEqualTo(8);
        for (BootstrapSummary other : List.of(one, two)) {
            for (int r = 0; r < 8; r++) {
                assertThat(other.results().get(r).f()).containsExactly(serial.results().get(r).f());
                assertThat(other.results().get(r).qRobust()).isEqualTo(serial.results().get(r).qRobust());
            }
        }
        Path html = new Report(two, out, List.of("test run"), "µg/m³").write();
        assertThat(Files.readString(html)).contains("Factor mapping").contains("factor-3-profile.svg");
        assertThat(Files.readAllLines(out.resolve("F_bootstrap.csv"))).hasSize(1 + 3 * data.cols());
        assertThat(Files.readAllLines(out.resolve("G_bootstrap.csv"))).hasSize(1 + 3 * data.rows());
        assertThat(Files.readAllLines(out.resolve("replicates.csv"))).hasSize(9);
        assertThat(Files.readString(out.resolve("factor-1-profile.svg"))).contains("<svg")
                .contains("% of species").contains("concentration (µg/m³)");
        // St. Louis is hourly, in episodes: a date axis, and the line breaks between episodes
        assertThat(Files.readString(out.resolve("factor-1-contributions.svg"))).contains("sample date")
                .contains("the line breaks where sampling paused");
        int[][] mapping = two.mappingTable();
        int total = 0;
        for (int[] row : mapping) {
            for (int c : row) {
                total += c;
            }
        }
        assertThat(total).isEqualTo(3 * 8);
    }
}
