package dev.jcluster.examples.pmf;

import java.util.Arrays;

/**
 * An LS-NMF fit in single precision, as EPA's ESAT computes: {@link DoubleSolver}'s arithmetic on
 * floats, twice the vector lanes and half the memory traffic. Q is summed day by day in floats,
 * then over the days in double. Every n-long dimension is the inner one and each row is its own array
 * (data species by species, G factor by factor): the hot loops are then long loops over arrays at
 * the same index, which the JIT vectorizes (with two offsets into one array it must assume they
 * overlap; with pieces shorter than a few hundred, its loop set-up costs more than it saves). The
 * F update's reductions go through {@link WeightedDots}, whose vector and scalar forms give the
 * same bits; every other sum is element-wise, so vectorized and scalar code agree too.
 */
final class FloatSolver implements LsNmfSolver {
    private final int n;
    private final int m;
    private final int k;
    private final float[][] gt;      // k rows of n
    private final float[] f;         // k x m, row-major
    private final float[][] xt;      // m rows of n
    private final float[][] ut;
    private final float[][] wt;      // 1 / U²
    private final float[][] wxt;     // W.*X
    private final float[][] wht;     // G·F for the current factors
    private final float[][] wwht;    // W.*GF
    private final float[][] numGt;
    private final float[][] denGt;
    private final float[] qByDay;    // Q(true) summed over species, day by day
    private final float[] numF;
    private final float[] denF;
    private final float[] column;    // a column of F
    private final WeightedDots dots;
    private double q;

    FloatSolver(PmfData d, double[] g0, double[] f0, int k, WeightedDots dots) {
        this.n = d.rows();
        this.m = d.cols();
        this.k = k;
        this.dots = dots;
        gt = columns(g0, n, k);
        f = narrow(f0);
        // a double start may hold values below the float floor (1e-100 rounds to 0, where updates stay)
        for (float[] ga : gt) {
            floor(ga);
        }
        floor(f);
        xt = columns(d.x(), n, m);
        ut = columns(d.u(), n, m);
        wt = new float[m][n];
        wxt = new float[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                // in double, then rounded: a small uncertainty squared would leave the float range
                double u = d.u()[i * m + j];
                double w = 1.0 / (u * u);
                wt[j][i] = (float) w;
                wxt[j][i] = (float) (w * d.x()[i * m + j]);
            }
        }
        wht = new float[m][n];
        wwht = new float[m][n];
        numGt = new float[k][n];
        denGt = new float[k][n];
        qByDay = new float[n];
        numF = new float[k];
        denF = new float[k];
        column = new float[k];
        productAndQ();
    }

    @Override
    public void updateF() {
        for (int j = 0; j < m; j++) {
            dots.compute(gt, k, wxt[j], wwht[j], numF, denF);
            for (int a = 0; a < k; a++) {
                f[a * m + j] = scale(f[a * m + j], numF[a] / denF[a], denF[a]);
            }
        }
        for (int j = 0; j < m; j++) {
            product(j);
        }
    }

    @Override
    public void updateG() {
        for (int a = 0; a < k; a++) {
            float[] num = numGt[a];
            float[] den = denGt[a];
            Arrays.fill(num, 0);
            Arrays.fill(den, 0);
            multiplyAdd(f, a * m, wxt, m, num);
            multiplyAdd(f, a * m, wwht, m, den);
            // the divisions first, in a loop of their own that the JIT vectorizes
            for (int i = 0; i < n; i++) {
                num[i] = num[i] / den[i];
            }
            float[] ga = gt[a];
            for (int i = 0; i < n; i++) {
                ga[i] = scale(ga[i], num[i], den[i]);
            }
        }
        productAndQ();
    }

    @Override
    public double qTrue() {
        return q;
    }

    @Override
    public double qRobust() {
        double sum = 0;
        for (int j = 0; j < m; j++) {
            sum += LsNmf.qRobust(widen(xt[j]), widen(ut[j]), widen(wht[j]));
        }
        return sum;
    }

    @Override
    public String kernel() {
        return dots.name();
    }

    @Override
    public double[] g() {
        return rows(gt, n, k);
    }

    @Override
    public double[] f() {
        return widen(f);
    }

    /** Column j of G·F and of W.*GF. */
    private void product(int j) {
        float[] wh = wht[j];
        Arrays.fill(wh, 0);
        multiplyAddStrided(j, wh);
        float[] w = wt[j];
        float[] wwh = wwht[j];
        for (int i = 0; i < n; i++) {
            wwh[i] = w[i] * wh[i];
        }
    }

    /** G·F and W.*GF, and Q summed day by day, element-wise, then over the days in order. */
    private void productAndQ() {
        Arrays.fill(qByDay, 0);
        for (int j = 0; j < m; j++) {
            product(j);
            float[] x = xt[j];
            float[] w = wt[j];
            float[] wh = wht[j];
            for (int i = 0; i < n; i++) {
                float r = x[i] - wh[i];
                qByDay[i] += w[i] * r * r;
            }
        }
        double sum = 0;
        for (float v : qByDay) {
            sum += v;
        }
        q = sum;
    }

    /**
     * y += Σ c[from + r]·x[r] over rows r &lt; count, added one row after the other (the order of
     * row-by-row axpys, each a fused multiply-add) but up to six rows per pass over y, so y is
     * loaded and stored a sixth as often.
     */
    private static void multiplyAdd(float[] c, int from, float[][] x, int count, float[] y) {
        int r = 0;
        for (; r + 5 < count; r += 6) {
            float c0 = c[from + r];
            float c1 = c[from + r + 1];
            float c2 = c[from + r + 2];
            float c3 = c[from + r + 3];
            float c4 = c[from + r + 4];
            float c5 = c[from + r + 5];
            float[] x0 = x[r];
            float[] x1 = x[r + 1];
            float[] x2 = x[r + 2];
            float[] x3 = x[r + 3];
            float[] x4 = x[r + 4];
            float[] x5 = x[r + 5];
            for (int i = 0; i < y.length; i++) {
                float v = Math.fma(c2, x2[i], Math.fma(c1, x1[i], Math.fma(c0, x0[i], y[i])));
                y[i] = Math.fma(c5, x5[i], Math.fma(c4, x4[i], Math.fma(c3, x3[i], v)));
            }
        }
        for (; r + 2 < count; r += 3) {
            float c0 = c[from + r];
            float c1 = c[from + r + 1];
            float c2 = c[from + r + 2];
            float[] x0 = x[r];
            float[] x1 = x[r + 1];
            float[] x2 = x[r + 2];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.fma(c2, x2[i], Math.fma(c1, x1[i], Math.fma(c0, x0[i], y[i])));
            }
        }
        for (; r < count; r++) {
            float cr = c[from + r];
            float[] xr = x[r];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.fma(cr, xr[i], y[i]);
            }
        }
    }

    /** wh += Σ F[a][j]·G'[a] over the factors, as {@link #multiplyAdd} does for a row of F. */
    private void multiplyAddStrided(int j, float[] wh) {
        for (int a = 0; a < k; a++) {
            column[a] = f[a * m + j];
        }
        multiplyAdd(column, 0, gt, k, wh);
    }

    /** A multiplicative update by num / den, skipped where den is not positive, kept above the floor. */
    private static float scale(float value, float ratio, float den) {
        float v = den > 0 ? value * ratio : value;
        return v < LsNmf.FLOAT_FLOOR ? LsNmf.FLOAT_FLOOR : v;
    }

    /** The columns of a rows x cols row-major matrix, each as an array, rounded to floats. */
    private static float[][] columns(double[] a, int rows, int cols) {
        float[][] t = new float[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = (float) a[i * cols + j];
            }
        }
        return t;
    }

    /** Back to a row-major rows x cols matrix of doubles from its columns. */
    private static double[] rows(float[][] columns, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                a[i * cols + j] = columns[j][i];
            }
        }
        return a;
    }

    private static void floor(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(a[i], LsNmf.FLOAT_FLOOR);
        }
    }

    private static float[] narrow(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    private static double[] widen(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
