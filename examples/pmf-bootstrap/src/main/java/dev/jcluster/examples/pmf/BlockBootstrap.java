package dev.jcluster.examples.pmf;

import java.util.SplittableRandom;

/**
 * Circular block bootstrap of the samples (days): blocks of consecutive days keep the serial
 * correlation a plain resample would destroy. The automatic block length is Politis and White's
 * (2004, corrected by Patton, Politis and White 2009) b_CB, averaged over species and floored,
 * as ESAT does.
 */
public final class BlockBootstrap {
    private BlockBootstrap() {
    }

    /** Row indexes of one resample of {@code n} rows with blocks of {@code length}, reproducible for a seed. */
    public static int[] resample(int n, int length, long seed) {
        if (length < 1 || length > n) {
            throw new IllegalArgumentException("block length " + length + " is not in 1.." + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] index = new int[n];
        int filled = 0;
        while (filled < n) {
            int start = rnd.nextInt(n);
            for (int t = 0; t < length && filled < n; t++) {
                index[filled++] = (start + t) % n;
            }
        }
        return index;
    }

    /** ESAT's automatic block length: floor of the mean of b_CB over the species' concentration series. */
    public static int automaticLength(PmfData d) {
        double sum = 0;
        double[] series = new double[d.rows()];
        for (int j = 0; j < d.cols(); j++) {
            for (int i = 0; i < d.rows(); i++) {
                series[i] = d.x(i, j);
            }
            sum += circularBlockLength(series);
        }
        return Math.max(1, (int) Math.floor(sum / d.cols()));
    }

    /** Politis-White optimal block length for the circular block bootstrap of one series. */
    static double circularBlockLength(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = x[i] - mean;
        }
        double bMax = Math.ceil(Math.min(3 * Math.sqrt(n), n / 3.0));
        int kn = Math.max(5, (int) Math.log10(n));
        int mMax = (int) Math.ceil(Math.sqrt(n)) + kn;
        double critical = 2 * Math.sqrt(Math.log10(n) / n);
        double[] acv = new double[mMax + 1];
        double[] absCorr = new double[mMax + 1];
        int optM = -1;
        for (int lag = 0; lag <= mMax && lag < n - 1; lag++) {
            double cross = 0;
            for (int i = lag; i < n; i++) {
                cross += e[i] * e[i - lag];
            }
            double v1 = 0;
            double v2 = 0;
            for (int i = lag + 1; i < n; i++) {
                v1 += e[i] * e[i];
            }
            for (int i = 0; i < n - lag - 1; i++) {
                v2 += e[i] * e[i];
            }
            acv[lag] = cross / n;
            absCorr[lag] = Math.abs(cross) / Math.sqrt(v1 * v2);
            if (lag >= kn && optM < 0) {
                boolean allSmall = true;
                for (int t = lag - kn; t < lag; t++) {
                    allSmall &= absCorr[t] < critical;
                }
                if (allSmall) {
                    optM = lag - kn;
                }
            }
        }
        int m = optM >= 0 ? 2 * Math.max(optM, 1) : mMax;
        m = Math.min(m, mMax);
        double g = 0;
        double longRun = acv[0];
        for (int k = 1; k <= m; k++) {
            double t = (double) k / m;
            double lambda = t <= 0.5 ? 1 : 2 * (1 - t);
            g += 2 * lambda * k * acv[k];
            longRun += 2 * lambda * acv[k];
        }
        double dCb = 4.0 / 3.0 * longRun * longRun;
        if (dCb == 0) {
            return 1;
        }
        double b = Math.cbrt(2 * g * g / dCb) * Math.cbrt(n);
        return Math.min(b, bMax);
    }
}
