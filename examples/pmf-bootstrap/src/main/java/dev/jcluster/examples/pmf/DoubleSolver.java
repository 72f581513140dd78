package dev.jcluster.examples.pmf;

import java.util.Arrays;

/**
 * An LS-NMF fit in double precision. Every n-long dimension is the inner one and each row is its own array
 * (data species by species, G factor by factor): the hot loops are then long loops over arrays at
 * the same index, which the JIT vectorizes (with two offsets into one array it must assume they
 * overlap; with pieces shorter than a few hundred, its loop set-up costs more than it saves). The
 * F update's reductions go through {@link WeightedDots}, whose vector and scalar forms give the
 * same bits; every other sum is element-wise, so vectorized and scalar code agree too.
 */
final class DoubleSolver implements LsNmfSolver {
    private final int n;
    private final int m;
    private final int k;
    private final double[][] gt;      // k rows of n
    private final double[] f;         // k x m, row-major
    private final double[][] xt;      // m rows of n
    private final double[][] ut;
    private final double[][] wt;      // 1 / U²
    private final double[][] wxt;     // W.*X
    private final double[][] wht;     // G·F for the current factors
    private final double[][] wwht;    // W.*GF
    private final double[][] numGt;
    private final double[][] denGt;
    private final double[] qByDay;    // Q(true) summed over species, day by day
    private final double[] numF;
    private final double[] denF;
    private final double[] column;    // a column of F
    private final WeightedDots dots;
    private double q;

    DoubleSolver(PmfData d, double[] g0, double[] f0, int k, WeightedDots dots) {
        this.n = d.rows();
        this.m = d.cols();
        this.k = k;
        this.dots = dots;
        gt = columns(g0, n, k);
        f = f0.clone();
        xt = columns(d.x(), n, m);
        ut = columns(d.u(), n, m);
        wt = new double[m][n];
        wxt = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                wt[j][i] = 1.0 / (ut[j][i] * ut[j][i]);
                wxt[j][i] = wt[j][i] * xt[j][i];
            }
        }
        wht = new double[m][n];
        wwht = new double[m][n];
        numGt = new double[k][n];
        denGt = new double[k][n];
        qByDay = new double[n];
        numF = new double[k];
        denF = new double[k];
        column = new double[k];
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
            double[] num = numGt[a];
            double[] den = denGt[a];
            Arrays.fill(num, 0);
            Arrays.fill(den, 0);
            multiplyAdd(f, a * m, wxt, m, num);
            multiplyAdd(f, a * m, wwht, m, den);
            // the divisions first, in a loop of their own that the JIT vectorizes
            for (int i = 0; i < n; i++) {
                num[i] = num[i] / den[i];
            }
            double[] ga = gt[a];
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
            sum += LsNmf.qRobust(xt[j], ut[j], wht[j]);
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
        return f.clone();
    }

    /** Column j of G·F and of W.*GF. */
    private void product(int j) {
        double[] wh = wht[j];
        Arrays.fill(wh, 0);
        multiplyAddStrided(j, wh);
        double[] w = wt[j];
        double[] wwh = wwht[j];
        for (int i = 0; i < n; i++) {
            wwh[i] = w[i] * wh[i];
        }
    }

    /** G·F and W.*GF, and Q summed day by day, element-wise, then over the days in order. */
    private void productAndQ() {
        Arrays.fill(qByDay, 0);
        for (int j = 0; j < m; j++) {
            product(j);
            double[] x = xt[j];
            double[] w = wt[j];
            double[] wh = wht[j];
            for (int i = 0; i < n; i++) {
                double r = x[i] - wh[i];
                qByDay[i] += w[i] * r * r;
            }
        }
        double sum = 0;
        for (double v : qByDay) {
            sum += v;
        }
        q = sum;
    }

    /**
     * y += Σ c[from + r]·x[r] over rows r &lt; count, added one row after the other (the order of
     * row-by-row axpys, each a fused multiply-add) but up to six rows per pass over y, so y is
     * loaded and stored a sixth as often.
     */
    private static void multiplyAdd(double[] c, int from, double[][] x, int count, double[] y) {
        int r = 0;
        for (; r + 5 < count; r += 6) {
            double c0 = c[from + r];
            double c1 = c[from + r + 1];
            double c2 = c[from + r + 2];
            double c3 = c[from + r + 3];
            double c4 = c[from + r + 4];
            double c5 = c[from + r + 5];
            double[] x0 = x[r];
            double[] x1 = x[r + 1];
            double[] x2 = x[r + 2];
            double[] x3 = x[r + 3];
            double[] x4 = x[r + 4];
            double[] x5 = x[r + 5];
            for (int i = 0; i < y.length; i++) {
                double v = Math.fma(c2, x2[i], Math.fma(c1, x1[i], Math.fma(c0, x0[i], y[i])));
                y[i] = Math.fma(c5, x5[i], Math.fma(c4, x4[i], Math.fma(c3, x3[i], v)));
            }
        }
        for (; r + 2 < count; r += 3) {
            double c0 = c[from + r];
            double c1 = c[from + r + 1];
            double c2 = c[from + r + 2];
            double[] x0 = x[r];
            double[] x1 = x[r + 1];
            double[] x2 = x[r + 2];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.fma(c2, x2[i], Math.fma(c1, x1[i], Math.fma(c0, x0[i], y[i])));
            }
        }
        for (; r < count; r++) {
            double cr = c[from + r];
            double[] xr = x[r];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.fma(cr, xr[i], y[i]);
            }
        }
    }

    /** wh += Σ F[a][j]·G'[a] over the factors, as {@link #multiplyAdd} does for a row of F. */
    private void multiplyAddStrided(int j, double[] wh) {
        for (int a = 0; a < k; a++) {
            column[a] = f[a * m + j];
        }
        multiplyAdd(column, 0, gt, k, wh);
    }

    /** A multiplicative update by num / den, skipped where den is not positive, kept above the floor. */
    private static double scale(double value, double ratio, double den) {
        double v = den > 0 ? value * ratio : value;
        return v < LsNmf.FLOOR ? LsNmf.FLOOR : v;
    }

    /** The columns of a rows x cols row-major matrix, each as an array. */
    static double[][] columns(double[] a, int rows, int cols) {
        double[][] t = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** Back to a row-major rows x cols matrix from its columns. */
    static double[] rows(double[][] columns, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                a[i * cols + j] = columns[j][i];
            }
        }
        return a;
    }
}
