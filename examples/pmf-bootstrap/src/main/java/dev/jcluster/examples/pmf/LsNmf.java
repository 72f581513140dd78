package dev.jcluster.examples.pmf;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Weighted non-negative factorization X ≈ G·F with weights 1/U² by LS-NMF multiplicative updates
 * (Wang, Kossenkov and Ochs 2006), as EPA's ESAT does it. One thread, double precision, flat
 * row-major arrays; values are kept above {@link #FLOOR} so that the updates never run into
 * subnormal numbers (which slow x86 arithmetic by two orders of magnitude).
 */
public final class LsNmf {
    /** Smallest value a factor element keeps; far below any meaningful contribution. */
    static final double FLOOR = 1e-100;
    /** The robust mode's outlier threshold on |residual / uncertainty| (EPA PMF's alpha). */
    static final double ROBUST_ALPHA = 4.0;

    private LsNmf() {
    }

    /** Factors, and when to stop: Q(true) changed by less than {@code delta} over {@code window} iterations, or the cap. */
    public record Settings(int factors, int maxIterations, double delta, int window) implements Serializable {
        public Settings {
            if (factors < 1 || maxIterations < 1 || window < 1 || !(delta >= 0)) {
                throw new IllegalArgumentException("bad solver settings: " + factors + " factors, " + maxIterations
                        + " iterations, delta " + delta + ", window " + window);
            }
        }
    }

    /** A fitted model: G (rows x k) and F (k x cols), row-major, with its Q values. */
    public record Fit(int rows, int cols, int k, double[] g, double[] f, double qTrue, double qRobust, int iterations,
                      boolean converged) implements Serializable {
    }

    /** Random G and F (uniform, scaled so that G·F has the data's mean), reproducible for a seed. */
    public static double[][] randomStart(PmfData d, int k, long seed) {
        double mean = 0;
        for (double v : d.x()) {
            mean += v;
        }
        mean /= d.x().length;
        double scale = Math.sqrt(mean / k);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] g = new double[d.rows() * k];
        double[] f = new double[k * d.cols()];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.max(FLOOR, rnd.nextDouble() * scale);
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.max(FLOOR, rnd.nextDouble() * scale);
        }
        return new double[][] {g, f};
    }

    /**
     * Fits from a start (copied, not changed). Internally every n-long dimension is the inner one
     * and each row is its own array (data species by species, G factor by factor): the hot loops
     * are then long axpys over two arrays at the same index, which the JIT vectorizes; with one
     * flat array and two offsets it must assume they overlap and runs them scalar.
     */
    public static Fit fit(PmfData d, double[] g0, double[] f0, Settings s) {
        int n = d.rows();
        int m = d.cols();
        int k = s.factors();
        if (g0.length != n * k || f0.length != k * m) {
            throw new IllegalArgumentException("start has the wrong shape for " + n + "x" + m + " data and " + k
                    + " factors");
        }
        double[][] gt = columns(g0, n, k);          // k rows of n
        double[] f = f0.clone();                    // k x m
        double[][] xt = columns(d.x(), n, m);       // m rows of n
        double[][] ut = columns(d.u(), n, m);
        double[][] wt = new double[m][n];
        double[][] wxt = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                wt[j][i] = 1.0 / (ut[j][i] * ut[j][i]);
                wxt[j][i] = wt[j][i] * xt[j][i];
            }
        }
        double[][] wht = new double[m][n];
        double[][] wwht = new double[m][n];
        double[][] numGt = new double[k][n];
        double[][] denGt = new double[k][n];
        double[] history = new double[s.window() + 1];
        productT(gt, f, wht, m, k);
        double q = qTrue(xt, wt, wht);
        history[0] = q;
        int iteration = 0;
        boolean converged = false;
        while (iteration < s.maxIterations()) {
            iteration++;
            // F <- F .* (G' (W.*X)) ./ (G' (W.*GF))
            multiply(wt, wht, wwht);
            double[] numDen = new double[2];
            for (int a = 0; a < k; a++) {
                for (int j = 0; j < m; j++) {
                    dot2(gt[a], wxt[j], wwht[j], numDen);
                    f[a * m + j] = update(f[a * m + j], numDen[0], numDen[1]);
                }
            }
            productT(gt, f, wht, m, k);
            // G <- G .* ((W.*X) F') ./ ((W.*GF) F')
            multiply(wt, wht, wwht);
            for (int a = 0; a < k; a++) {
                double[] num = numGt[a];
                double[] den = denGt[a];
                Arrays.fill(num, 0);
                Arrays.fill(den, 0);
                for (int j = 0; j < m; j++) {
                    double faj = f[a * m + j];
                    axpy(faj, wxt[j], num);
                    axpy(faj, wwht[j], den);
                }
                double[] ga = gt[a];
                for (int i = 0; i < n; i++) {
                    ga[i] = update(ga[i], num[i], den[i]);
                }
            }
            productT(gt, f, wht, m, k);
            q = qTrue(xt, wt, wht);
            history[iteration % history.length] = q;
            if (iteration >= s.window()) {
                double before = history[(iteration - s.window()) % history.length];
                if (Math.abs(before - q) < s.delta()) {
                    converged = true;
                    break;
                }
            }
        }
        return new Fit(n, m, k, rows(gt, n, k), f, q, qRobust(xt, ut, wht), iteration, converged);
    }

    /** WH' = (G F)' from G' and F, row by row. */
    private static void productT(double[][] gt, double[] f, double[][] wht, int m, int k) {
        for (int j = 0; j < m; j++) {
            double[] out = wht[j];
            Arrays.fill(out, 0);
            for (int a = 0; a < k; a++) {
                axpy(f[a * m + j], gt[a], out);
            }
        }
    }

    /** y += c·x. */
    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }

    private static void multiply(double[][] a, double[][] b, double[][] out) {
        for (int j = 0; j < out.length; j++) {
            double[] aj = a[j];
            double[] bj = b[j];
            double[] oj = out[j];
            for (int i = 0; i < oj.length; i++) {
                oj[i] = aj[i] * bj[i];
            }
        }
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

    /**
     * out = {Σ a·b, Σ a·c} in one pass over a, with four independent sums each: a single running
     * sum is bound by the latency of every addition (the JIT keeps floating-point order).
     */
    static void dot2(double[] a, double[] b, double[] c, double[] out) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = 0;
        int n = a.length;
        for (; i + 3 < n; i += 4) {
            double a0 = a[i];
            double a1 = a[i + 1];
            double a2 = a[i + 2];
            double a3 = a[i + 3];
            s0 += a0 * b[i];
            s1 += a1 * b[i + 1];
            s2 += a2 * b[i + 2];
            s3 += a3 * b[i + 3];
            t0 += a0 * c[i];
            t1 += a1 * c[i + 1];
            t2 += a2 * c[i + 2];
            t3 += a3 * c[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
            t0 += a[i] * c[i];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    private static double update(double value, double num, double den) {
        double v = den > 0 ? value * (num / den) : value;
        return v < FLOOR ? FLOOR : v;
    }

    /** out = G·F. */
    static void product(double[] g, double[] f, double[] out, int n, int m, int k) {
        for (int i = 0; i < n; i++) {
            int row = i * m;
            Arrays.fill(out, row, row + m, 0.0);
            for (int a = 0; a < k; a++) {
                double gia = g[i * k + a];
                int fa = a * m;
                for (int j = 0; j < m; j++) {
                    out[row + j] += gia * f[fa + j];
                }
            }
        }
    }

    static double qTrue(double[][] xt, double[][] wt, double[][] wht) {
        double q = 0;
        for (int j = 0; j < xt.length; j++) {
            q += qTrue(xt[j], wt[j], wht[j]);
        }
        return q;
    }

    static double qRobust(double[][] xt, double[][] ut, double[][] wht) {
        double q = 0;
        for (int j = 0; j < xt.length; j++) {
            q += qRobust(xt[j], ut[j], wht[j]);
        }
        return q;
    }

    /** Q(true) = Σ ((X − GF) / U)². */
    static double qTrue(double[] x, double[] w, double[] wh) {
        double q = 0;
        for (int i = 0; i < x.length; i++) {
            double r = x[i] - wh[i];
            q += w[i] * r * r;
        }
        return q;
    }

    /**
     * Q(robust): as Q(true), but a residual beyond alpha uncertainties counts alpha·|r| instead of r²
     * (its uncertainty is inflated by sqrt(|r|/alpha), EPA PMF's robust mode).
     */
    static double qRobust(double[] x, double[] u, double[] wh) {
        double q = 0;
        for (int i = 0; i < x.length; i++) {
            double r = Math.abs((x[i] - wh[i]) / u[i]);
            q += r <= ROBUST_ALPHA ? r * r : ROBUST_ALPHA * r;
        }
        return q;
    }
}
