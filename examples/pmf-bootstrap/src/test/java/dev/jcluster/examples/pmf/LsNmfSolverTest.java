package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LsNmfSolverTest {
    @Test
    void surefireGivesTheTestsTheVectorApi() {
        // the pom's argLine adds the module; without it the vector/scalar comparisons below compare scalar with scalar
        assertThat(LsNmf.kernel()).isEqualTo("vector");
    }

    @Test
    void vectorAndScalarDotsGiveTheSameBitsForEveryLengthAndFactorCount() {
        WeightedDots vector = WeightedDots.fastest();
        WeightedDots scalar = new ScalarWeightedDots();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {1, 3, 4, 5, 7, 8, 63, 630, 631}) {
            for (int k = 1; k <= 7; k++) {
                double[][] gt = new double[k][n];
                double[] wx = new double[n];
                double[] wwh = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < k; a++) {
                        gt[a][i] = rnd.nextDouble(1e-3, 1e3);
                    }
                    wx[i] = rnd.nextDouble(1e-3, 1e3);
                    wwh[i] = rnd.nextDouble(1e-3, 1e3);
                }
                double[] num1 = new double[k];
                double[] den1 = new double[k];
                double[] num2 = new double[k];
                double[] den2 = new double[k];
                vector.compute(gt, k, wx, wwh, num1, den1);
                scalar.compute(gt, k, wx, wwh, num2, den2);
                assertThat(num1).as("n %d, k %d", n, k).containsExactly(num2);
                assertThat(den1).as("n %d, k %d", n, k).containsExactly(den2);
            }
        }
    }

    @Test
    void vectorAndScalarFloatDotsGiveTheSameBits() {
        WeightedDots vector = WeightedDots.fastest();
        WeightedDots scalar = new ScalarWeightedDots();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 7, 8, 9, 15, 16, 630, 633}) {
            for (int k = 1; k <= 7; k++) {
                float[][] gt = new float[k][n];
                float[] wx = new float[n];
                float[] wwh = new float[n];
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < k; a++) {
                        gt[a][i] = (float) rnd.nextDouble(1e-3, 1e3);
                    }
                    wx[i] = (float) rnd.nextDouble(1e-3, 1e3);
                    wwh[i] = (float) rnd.nextDouble(1e-3, 1e3);
                }
                float[] num1 = new float[k];
                float[] den1 = new float[k];
                float[] num2 = new float[k];
                float[] den2 = new float[k];
                vector.compute(gt, k, wx, wwh, num1, den1);
                scalar.compute(gt, k, wx, wwh, num2, den2);
                assertThat(num1).as("n %d, k %d", n, k).containsExactly(num2);
                assertThat(den1).as("n %d, k %d", n, k).containsExactly(den2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LsNmf.Precision.class)
    void vectorAndScalarFitsAreBitIdentical(LsNmf.Precision precision) throws Exception {
        PmfData d = PmfTestData.baltimore();
        double[][] start = LsNmf.randomStart(d, 6, 42);
        LsNmfSolver vector = LsNmfSolver.start(d, start[0], start[1], 6, precision, WeightedDots.fastest());
        LsNmfSolver scalar = LsNmfSolver.start(d, start[0], start[1], 6, precision, new ScalarWeightedDots());
        for (int i = 0; i < 300; i++) {
            vector.iterate();
            scalar.iterate();
        }
        assertThat(vector.kernel()).isEqualTo("vector");
        assertThat(vector.g()).containsExactly(scalar.g());
        assertThat(vector.f()).containsExactly(scalar.f());
        assertThat(vector.qTrue()).isEqualTo(scalar.qTrue());
    }

    @Test
    void agreesWithTheTextbookUpdates() throws Exception {
        PmfData d = PmfTestData.baltimore();
        int k = 6;
        double[][] start = LsNmf.randomStart(d, k, 7);
        LsNmfSolver solver = LsNmfSolver.start(d, start[0], start[1], k, LsNmf.Precision.DOUBLE);
        Textbook reference = new Textbook(d, start[0], start[1], k);
        assertThat(solver.qTrue()).isCloseTo(reference.q(), within(1e-12 * reference.q()));
        for (int i = 0; i < 200; i++) {
            solver.iterate();
            reference.iterate();
        }
        double q = reference.q();
        assertThat(solver.qTrue()).isCloseTo(q, within(1e-12 * q));
        assertThat(solver.qRobust()).isCloseTo(reference.qRobust(), within(1e-12 * reference.qRobust()));
        double[] g = solver.g();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).isCloseTo(reference.g[i], within(1e-9 * Math.abs(reference.g[i]) + 1e-300));
        }
    }

    @Test
    void singlePrecisionReachesTheDoublePrecisionSolution() throws Exception {
        PmfData d = PmfTestData.baltimore().categorize(List.of("PM2.5"), List.of("OM"));
        double[][] start = LsNmf.randomStart(d, 6, 42);
        LsNmf.Fit dbl = LsNmf.fit(d, start[0], start[1], new LsNmf.Settings(6, 5000, 0, 50, LsNmf.Precision.DOUBLE));
        LsNmf.Fit flt = LsNmf.fit(d, start[0], start[1], new LsNmf.Settings(6, 5000, 0, 50, LsNmf.Precision.FLOAT));
        System.out.printf(Locale.ROOT, "Baltimore, 6 factors: Q(true) double %.6f (%d iterations), float %.6f (%d);"
                        + " Q(robust) double %.6f, float %.6f%n", dbl.qTrue(), dbl.iterations(), flt.qTrue(),
                flt.iterations(), dbl.qRobust(), flt.qRobust());
        // the same 5,000 iterations each: LS-NMF approaches its optimum too slowly to compare converged fits cheaply
        assertThat(flt.iterations()).isEqualTo(dbl.iterations());
        assertThat(flt.qRobust()).isCloseTo(dbl.qRobust(), within(1e-3 * dbl.qRobust()));
        FactorMatcher.Match match = FactorMatcher.match(dbl.g(), IntStream.range(0, d.rows()).toArray(), flt.g(), 6,
                0.99);
        assertThat(match.unmatched()).as("every double-precision factor found in the float fit at r > 0.99").isZero();
    }

    /** LS-NMF as the paper writes it: whole-matrix products, row-major, nothing fused. */
    private static final class Textbook {
        final int n;
        final int m;
        final int k;
        final double[] x;
        final double[] u;
        final double[] w;
        final double[] g;
        final double[] f;

        Textbook(PmfData d, double[] g0, double[] f0, int k) {
            n = d.rows();
            m = d.cols();
            this.k = k;
            x = d.x();
            u = d.u();
            w = new double[n * m];
            for (int i = 0; i < w.length; i++) {
                w[i] = 1 / (u[i] * u[i]);
            }
            g = g0.clone();
            f = f0.clone();
        }

        double[] product() {
            double[] wh = new double[n * m];
            LsNmf.product(g, f, wh, n, m, k);
            return wh;
        }

        void iterate() {
            double[] wh = product();
            double[] nf = new double[k * m];
            double[] df = new double[k * m];
            for (int a = 0; a < k; a++) {
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < n; i++) {
                        nf[a * m + j] += g[i * k + a] * w[i * m + j] * x[i * m + j];
                        df[a * m + j] += g[i * k + a] * w[i * m + j] * wh[i * m + j];
                    }
                }
            }
            for (int e = 0; e < f.length; e++) {
                f[e] = Math.max(LsNmf.FLOOR, f[e] * nf[e] / df[e]);
            }
            wh = product();
            double[] ng = new double[n * k];
            double[] dg = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < k; a++) {
                    for (int j = 0; j < m; j++) {
                        ng[i * k + a] += w[i * m + j] * x[i * m + j] * f[a * m + j];
                        dg[i * k + a] += w[i * m + j] * wh[i * m + j] * f[a * m + j];
                    }
                }
            }
            for (int e = 0; e < g.length; e++) {
                g[e] = Math.max(LsNmf.FLOOR, g[e] * ng[e] / dg[e]);
            }
        }

        double q() {
            double[] wh = product();
            double q = 0;
            for (int e = 0; e < wh.length; e++) {
                q += w[e] * (x[e] - wh[e]) * (x[e] - wh[e]);
            }
            return q;
        }

        double qRobust() {
            double[] wh = product();
            return LsNmf.qRobust(x, u, wh);
        }
    }
}
