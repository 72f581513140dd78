package dev.jcluster.examples.pmf;

import dev.jcluster.client.RemoteFunction;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One bootstrap replicate, as a task: resample the days in blocks, start from the base case's F
 * and its G at the resampled days, fit, and map the factors back to the base case's. The result
 * depends only on the seed and the replicate number, so it is the same whichever engine runs it.
 */
public record Replicate(Shared<PmfData> data, Shared<LsNmf.Fit> base, int blockLength, LsNmf.Settings settings,
                        long seed, double threshold) implements RemoteFunction<Integer, Replicate.Result> {

    /** A replicate's factors in the base case's order (NaN rows/columns for unmatched factors). */
    public record Result(int replicate, int[] index, double[] g, double[] f, double qTrue, double qRobust,
                         int iterations, boolean converged, FactorMatcher.Match match) implements Serializable {
    }

    @Override
    public Result apply(Integer replicate) {
        PmfData data = this.data.get();
        LsNmf.Fit base = this.base.get();
        int k = base.k();
        int m = data.cols();
        int[] index = index(replicate);
        PmfData sample = data.rows(index);
        double[] g0 = new double[index.length * k];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(base.g(), index[i] * k, g0, i * k, k);
        }
        LsNmf.Fit fit = LsNmf.fit(sample, g0, base.f(), settings);
        FactorMatcher.Match match = FactorMatcher.match(base.g(), index, fit.g(), k, threshold);
        double[] g = new double[index.length * k];
        double[] f = new double[k * m];
        Arrays.fill(g, Double.NaN);
        Arrays.fill(f, Double.NaN);
        for (int a = 0; a < k; a++) {
            int b = match.mapping()[a];
            if (b < 0) {
                continue;
            }
            System.arraycopy(fit.f(), b * m, f, a * m, m);
            for (int i = 0; i < index.length; i++) {
                g[i * k + a] = fit.g()[i * k + b];
            }
        }
        return new Result(replicate, index, g, f, fit.qTrue(), fit.qRobust(), fit.iterations(), fit.converged(), match);
    }

    /** The days replicate {@code replicate} resamples. */
    public int[] index(int replicate) {
        return BlockBootstrap.resample(data.get().rows(), blockLength, mix(seed, replicate));
    }

    /** A seed per replicate that does not depend on which replicates ran before (SplitMix64 finalizer). */
    static long mix(long seed, int replicate) {
        long z = seed + 0x9E3779B97F4A7C15L * (replicate + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
