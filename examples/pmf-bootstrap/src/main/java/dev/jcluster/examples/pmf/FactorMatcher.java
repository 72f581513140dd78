package dev.jcluster.examples.pmf;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Maps a replicate's factors back to the base case's by the correlation of their contributions
 * over the resampled days: the best remaining pair first, accepted at r ≥ threshold.
 */
public final class FactorMatcher {
    private FactorMatcher() {
    }

    /** mapping[a] = the replicate factor matched to base factor a, or -1; correlation[a] its r (NaN if none). */
    public record Match(int[] mapping, double[] correlation) implements Serializable {
        public int unmatched() {
            return (int) Arrays.stream(mapping).filter(b -> b < 0).count();
        }
    }

    /** {@code baseG} (all days x k), {@code index} the resampled days, {@code g} the replicate's (index.length x k). */
    public static Match match(double[] baseG, int[] index, double[] g, int k, double threshold) {
        int n = index.length;
        double[][] r = new double[k][k];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < n; i++) {
                a[i] = baseG[index[i] * k + p];
            }
            for (int q = 0; q < k; q++) {
                for (int i = 0; i < n; i++) {
                    b[i] = g[i * k + q];
                }
                r[p][q] = pearson(a, b);
            }
        }
        int[] mapping = new int[k];
        double[] corr = new double[k];
        Arrays.fill(mapping, -1);
        Arrays.fill(corr, Double.NaN);
        boolean[] baseUsed = new boolean[k];
        boolean[] repUsed = new boolean[k];
        for (int round = 0; round < k; round++) {
            int bp = -1;
            int bq = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    if (!baseUsed[p] && !repUsed[q] && r[p][q] > best) {
                        best = r[p][q];
                        bp = p;
                        bq = q;
                    }
                }
            }
            if (bp < 0 || !(best >= threshold)) {
                break;
            }
            baseUsed[bp] = true;
            repUsed[bq] = true;
            mapping[bp] = bq;
            corr[bp] = best;
        }
        return new Match(mapping, corr);
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
