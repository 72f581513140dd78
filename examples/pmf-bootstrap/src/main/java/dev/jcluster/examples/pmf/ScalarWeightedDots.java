package dev.jcluster.examples.pmf;

import java.util.Arrays;

/** {@link WeightedDots} in plain Java: a running sum per lane, one pass over G'[a] per factor. */
final class ScalarWeightedDots implements WeightedDots {
    @Override
    public void compute(double[][] gt, int k, double[] wx, double[] wwh, double[] num, double[] den) {
        for (int a = 0; a < k; a++) {
            double[] g = gt[a];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double t0 = 0;
            double t1 = 0;
            double t2 = 0;
            double t3 = 0;
            int i = 0;
            for (; i + 3 < g.length; i += 4) {
                s0 = Math.fma(g[i], wx[i], s0);
                s1 = Math.fma(g[i + 1], wx[i + 1], s1);
                s2 = Math.fma(g[i + 2], wx[i + 2], s2);
                s3 = Math.fma(g[i + 3], wx[i + 3], s3);
                t0 = Math.fma(g[i], wwh[i], t0);
                t1 = Math.fma(g[i + 1], wwh[i + 1], t1);
                t2 = Math.fma(g[i + 2], wwh[i + 2], t2);
                t3 = Math.fma(g[i + 3], wwh[i + 3], t3);
            }
            for (; i < g.length; i++) {
                s0 = Math.fma(g[i], wx[i], s0);
                t0 = Math.fma(g[i], wwh[i], t0);
            }
            num[a] = (s0 + s1) + (s2 + s3);
            den[a] = (t0 + t1) + (t2 + t3);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void compute(float[][] gt, int k, float[] wx, float[] wwh, float[] num, float[] den) {
        float[] s = new float[FLOAT_LANES];
        float[] t = new float[FLOAT_LANES];
        for (int a = 0; a < k; a++) {
            float[] g = gt[a];
            Arrays.fill(s, 0);
            Arrays.fill(t, 0);
            int i = 0;
            for (; i + FLOAT_LANES - 1 < g.length; i += FLOAT_LANES) {
                for (int l = 0; l < FLOAT_LANES; l++) {
                    s[l] = Math.fma(g[i + l], wx[i + l], s[l]);
                    t[l] = Math.fma(g[i + l], wwh[i + l], t[l]);
                }
            }
            for (; i < g.length; i++) {
                s[0] = Math.fma(g[i], wx[i], s[0]);
                t[0] = Math.fma(g[i], wwh[i], t[0]);
            }
            num[a] = WeightedDots.pairwise(s);
            den[a] = WeightedDots.pairwise(t);
        }
    }
}
