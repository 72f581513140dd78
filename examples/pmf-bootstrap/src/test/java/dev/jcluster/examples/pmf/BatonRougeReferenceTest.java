package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.client.Client;
import dev.jcluster.server.InProcessCluster;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * Baton Rouge with 6 factors, the set ESAT's notebook publishes Q for: 20 seeded LS-NMF runs on a
 * cluster (in process), the best by Q(robust) within 1 % of ESAT's float64 Q(true) 64,039 and
 * Q(robust) 54,602.
 */
class BatonRougeReferenceTest {
    @Test
    void bestOfTwentyRunsReachesEsatsQ() throws Exception {
        PmfData data = PmfTestData.batonRouge();
        LsNmf.Settings settings = new LsNmf.Settings(6, 20_000, 0.01, 50);
        try (InProcessCluster inProcess = InProcessCluster.start(2); Client client = inProcess.client()) {
            Shared<PmfData> shared = Shared.on(client.direct().push("data", data));  // once per engine
            List<LsNmf.Fit> fits = client.loadBalanced().map(new BaseRun(shared, settings),
                    LongStream.range(0, 20).map(i -> 42 + i).boxed().toList());
            LsNmf.Fit best = fits.stream().min(Comparator.comparingDouble(LsNmf.Fit::qRobust)).orElseThrow();
            System.out.printf("Baton Rouge k=6: best Q(true) %.1f, Q(robust) %.1f, %d iterations%n",
                    best.qTrue(), best.qRobust(), best.iterations());
            assertThat(best.qRobust()).isCloseTo(54_602, Percentage.withPercentage(1));
            assertThat(best.qTrue()).isCloseTo(64_039, Percentage.withPercentage(1));
        }
    }
}
