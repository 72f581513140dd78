package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LsNmfTest {
    @Test
    void recoversKnownFactorsFromSyntheticData() {
        int n = 300;
        int m = 16;
        int k = 3;
        SplittableRandom rnd = new SplittableRandom(7);
        double[] g = new double[n * k];
        double[] f = new double[k * m];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextDouble() * 5;
        }
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < m; j++) {
                // distinct profiles: each factor dominates its own third of the species
                f[a * m + j] = (j % k == a ? 1.0 : 0.05) * (0.5 + rnd.nextDouble());
            }
        }
        double[] x = new double[n * m];
        double[] u = new double[n * m];
        LsNmf.product(g, f, x, n, m, k);
        for (int i = 0; i < x.length; i++) {
            u[i] = 0.05 * x[i] + 0.01;
            x[i] = Math.max(0, x[i] + u[i] * rnd.nextGaussian() * 0.5);
        }
        List<String> dates = new ArrayList<>();
        List<String> species = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dates.add("d" + i);
        }
        for (int j = 0; j < m; j++) {
            species.add("s" + j);
        }
        PmfData d = new PmfData(dates, species, n, m, x, u);
        double[][] start = LsNmf.randomStart(d, k, 1);
        LsNmf.Fit fit = LsNmf.fit(d, start[0], start[1], new LsNmf.Settings(k, 20_000, 0.01, 50));
        assertThat(fit.qTrue()).isLessThan(n * m);
        int[] index = IntStream.range(0, n).toArray();
        FactorMatcher.Match match = FactorMatcher.match(g, index, fit.g(), k, 0.95);
        assertThat(match.unmatched()).as("every true factor found with r > 0.95").isZero();
        for (int a = 0; a < k; a++) {
            assertThat(match.correlation()[a]).isGreaterThan(0.95);
        }
    }

    @Test
    void qRobustCountsOutliersLinearly() {
        double[] x = {10, 0};
        double[] u = {1, 1};
        double[] wh = {0, 3};
        // |r| = 10 > 4: 4 * 10; |r| = 3: 9
        assertThat(LsNmf.qRobust(x, u, wh)).isEqualTo(49.0);
        assertThat(LsNmf.qTrue(x, new double[] {1, 1}, wh)).isEqualTo(109.0);
    }

    @Test
    void automaticBlockLengthsMatchEsat() throws Exception {
        assertThat(BlockBootstrap.automaticLength(PmfTestData.baltimore())).isEqualTo(10);
        assertThat(BlockBootstrap.automaticLength(PmfTestData.batonRouge())).isEqualTo(4);
    }

    @Test
    void resampleIsReproducibleAndInBlocks() {
        int[] a = BlockBootstrap.resample(100, 10, 42);
        assertThat(BlockBootstrap.resample(100, 10, 42)).containsExactly(a);
        assertThat(a).hasSize(100);
        for (int b = 0; b < 10; b++) {
            for (int t = 1; t < 10; t++) {
                assertThat(a[b * 10 + t]).isEqualTo((a[b * 10] + t) % 100);
            }
        }
    }
}
