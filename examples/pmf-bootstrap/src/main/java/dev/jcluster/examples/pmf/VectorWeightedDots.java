package dev.jcluster.examples.pmf;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WeightedDots} with the Vector API: 256-bit vectors (four doubles or eight floats), three
 * factors per pass so that six independent sums hide the latency of the additions and each data
 * element is loaded once for three factors. Lane-wise fused multiply-adds, as Math.fma, so the
 * bits equal the scalar form's.
 */
final class VectorWeightedDots implements WeightedDots {
    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;

    VectorWeightedDots() {
        if (DoubleVector.SPECIES_PREFERRED.length() < LANES.length() || FLOATS.length() != FLOAT_LANES) {
            throw new UnsupportedOperationException("no 256-bit vectors on this CPU");
        }
    }

    @Override
    public void compute(double[][] gt, int k, double[] wx, double[] wwh, double[] num, double[] den) {
        int a = 0;
        for (; a + 2 < k; a += 3) {
            three(gt[a], gt[a + 1], gt[a + 2], wx, wwh, num, den, a);
        }
        for (; a < k; a++) {
            one(gt[a], wx, wwh, num, den, a);
        }
    }

    private static void three(double[] g0, double[] g1, double[] g2, double[] wx, double[] wwh, double[] num,
                              double[] den, int a) {
        DoubleVector n0 = DoubleVector.zero(LANES);
        DoubleVector n1 = n0;
        DoubleVector n2 = n0;
        DoubleVector d0 = n0;
        DoubleVector d1 = n0;
        DoubleVector d2 = n0;
        int upper = LANES.loopBound(wx.length);
        for (int i = 0; i < upper; i += LANES.length()) {
            DoubleVector x = DoubleVector.fromArray(LANES, wx, i);
            DoubleVector y = DoubleVector.fromArray(LANES, wwh, i);
            DoubleVector v0 = DoubleVector.fromArray(LANES, g0, i);
            DoubleVector v1 = DoubleVector.fromArray(LANES, g1, i);
            DoubleVector v2 = DoubleVector.fromArray(LANES, g2, i);
            n0 = v0.fma(x, n0);
            d0 = v0.fma(y, d0);
            n1 = v1.fma(x, n1);
            d1 = v1.fma(y, d1);
            n2 = v2.fma(x, n2);
            d2 = v2.fma(y, d2);
        }
        num[a] = finish(n0, g0, wx, upper);
        den[a] = finish(d0, g0, wwh, upper);
        num[a + 1] = finish(n1, g1, wx, upper);
        den[a + 1] = finish(d1, g1, wwh, upper);
        num[a + 2] = finish(n2, g2, wx, upper);
        den[a + 2] = finish(d2, g2, wwh, upper);
    }

    private static void one(double[] g, double[] wx, double[] wwh, double[] num, double[] den, int a) {
        DoubleVector n = DoubleVector.zero(LANES);
        DoubleVector d = n;
        int upper = LANES.loopBound(wx.length);
        for (int i = 0; i < upper; i += LANES.length()) {
            DoubleVector v = DoubleVector.fromArray(LANES, g, i);
            n = v.fma(DoubleVector.fromArray(LANES, wx, i), n);
            d = v.fma(DoubleVector.fromArray(LANES, wwh, i), d);
        }
        num[a] = finish(n, g, wx, upper);
        den[a] = finish(d, g, wwh, upper);
    }

    /** The scalar form's ending: the tail into lane 0, then (l0 + l1) + (l2 + l3). */
    private static double finish(DoubleVector sums, double[] a, double[] b, int from) {
        double l0 = sums.lane(0);
        for (int i = from; i < a.length; i++) {
            l0 = Math.fma(a[i], b[i], l0);
        }
        return (l0 + sums.lane(1)) + (sums.lane(2) + sums.lane(3));
    }

    @Override
    public void compute(float[][] gt, int k, float[] wx, float[] wwh, float[] num, float[] den) {
        int a = 0;
        for (; a + 2 < k; a += 3) {
            three(gt[a], gt[a + 1], gt[a + 2], wx, wwh, num, den, a);
        }
        for (; a < k; a++) {
            one(gt[a], wx, wwh, num, den, a);
        }
    }

    private static void three(float[] g0, float[] g1, float[] g2, float[] wx, float[] wwh, float[] num,
                              float[] den, int a) {
        FloatVector n0 = FloatVector.zero(FLOATS);
        FloatVector n1 = n0;
        FloatVector n2 = n0;
        FloatVector d0 = n0;
        FloatVector d1 = n0;
        FloatVector d2 = n0;
        int upper = FLOATS.loopBound(wx.length);
        for (int i = 0; i < upper; i += FLOATS.length()) {
            FloatVector x = FloatVector.fromArray(FLOATS, wx, i);
            FloatVector y = FloatVector.fromArray(FLOATS, wwh, i);
            FloatVector v0 = FloatVector.fromArray(FLOATS, g0, i);
            FloatVector v1 = FloatVector.fromArray(FLOATS, g1, i);
            FloatVector v2 = FloatVector.fromArray(FLOATS, g2, i);
            n0 = v0.fma(x, n0);
            d0 = v0.fma(y, d0);
            n1 = v1.fma(x, n1);
            d1 = v1.fma(y, d1);
            n2 = v2.fma(x, n2);
            d2 = v2.fma(y, d2);
        }
        num[a] = finish(n0, g0, wx, upper);
        den[a] = finish(d0, g0, wwh, upper);
        num[a + 1] = finish(n1, g1, wx, upper);
        den[a + 1] = finish(d1, g1, wwh, upper);
        num[a + 2] = finish(n2, g2, wx, upper);
        den[a + 2] = finish(d2, g2, wwh, upper);
    }

    private static void one(float[] g, float[] wx, float[] wwh, float[] num, float[] den, int a) {
        FloatVector n = FloatVector.zero(FLOATS);
        FloatVector d = n;
        int upper = FLOATS.loopBound(wx.length);
        for (int i = 0; i < upper; i += FLOATS.length()) {
            FloatVector v = FloatVector.fromArray(FLOATS, g, i);
            n = v.fma(FloatVector.fromArray(FLOATS, wx, i), n);
            d = v.fma(FloatVector.fromArray(FLOATS, wwh, i), d);
        }
        num[a] = finish(n, g, wx, upper);
        den[a] = finish(d, g, wwh, upper);
    }

    private static float finish(FloatVector sums, float[] a, float[] b, int from) {
        float[] lanes = sums.toArray();
        for (int i = from; i < a.length; i++) {
            lanes[0] = Math.fma(a[i], b[i], lanes[0]);
        }
        return WeightedDots.pairwise(lanes);
    }

    @Override
    public String name() {
        return "vector";
    }
}
