package dev.jcluster.examples.pmf;

import java.io.Serializable;
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

    /** Fits from a start (copied, not changed). */
    public static Fit fit(PmfData d, double[] g0, double[] f0, Settings s) {
        int n = d.rows();
        int m = d.cols();
        int k = s.factors();
        if (g0.length != n * k || f0.length != k * m) {
            throw new IllegalArgumentException("start has the wrong shape for " + n + "x" + m + " data and " + k
                    + " factors");
        }
        double[] g = g0.clone();
        double[] f = f0.clone();
        double[] x = d.x();
        double[] w = new double[n * m];
        double[] wx = new double[n * m];
        for (int i = 0; i < w.length; i++) {
            double u = d.u()[i];
            w[i] = 1.0 / (u * u);
            wx[i] = w[i] * x[i];
        }
        double[] wh = new double[n * m];
        double[] wwh = new double[n * m];
        double[] numF = new double[k * m];
        double[] denF = new double[k * m];
        double[] numG = new double[k];
        double[] denG = new double[k];
        double[] history = new double[s.window() + 1];
        product(g, f, wh, n, m, k);
        double q = qTrue(x, w, wh);
        history[0] = q;
        int iteration = 0;
        boolean converged = false;
        while (iteration < s.maxIterations()) {
            iteration++;
            // F <- F .* (G' (W.*X)) ./ (G' (W.*GF))
            for (int i = 0; i < wh.length; i++) {
                wwh[i] = w[i] * wh[i];
            }
            java.util.Arrays.fill(numF, 0);
            java.util.Arrays.fill(denF, 0);
            for (int i = 0; i < n; i++) {
                int row = i * m;
                for (int a = 0; a < k; a++) {
                    double gia = g[i * k + a];
                    int fa = a * m;
                    for (int j = 0; j < m; j++) {
                        numF[fa + j] += gia * wx[row + j];
                        denF[fa + j] += gia * wwh[row + j];
                    }
                }
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = update(f[i], numF[i], denF[i]);
            }
            product(g, f, wh, n, m, k);
            // G <- G .* ((W.*X) F') ./ ((W.*GF) F')
            for (int i = 0; i < n; i++) {
                int row = i * m;
                for (int a = 0; a < k; a++) {
                    int fa = a * m;
                    double num = 0;
                    double den = 0;
                    for (int j = 0; j < m; j++) {
                        double faj = f[fa + j];
                        num += wx[row + j] * faj;
                        den += w[row + j] * wh[row + j] * faj;
                    }
                    numG[a] = num;
                    denG[a] = den;
                }
                for (int a = 0; a < k; a++) {
                    g[i * k + a] = update(g[i * k + a], numG[a], denG[a]);
                }
            }
            product(g, f, wh, n, m, k);
            q = qTrue(x, w, wh);
            history[iteration % history.length] = q;
            if (iteration >= s.window()) {
                double before = history[(iteration - s.window()) % history.length];
                if (Math.abs(before - q) < s.delta()) {
                    converged = true;
                    break;
                }
            }
        }
        return new Fit(n, m, k, g, f, q, qRobust(x, d.u(), wh), iteration, converged);
    }

    private static double update(double value, double num, double den) {
        double v = den > 0 ? value * (num / den) : value;
        return v < FLOOR ? FLOOR : v;
    }

    /** out = G·F. */
    static void product(double[] g, double[] f, double[] out, int n, int m, int k) {
        for (int i = 0; i < n; i++) {
            int row = i * m;
            java.util.Arrays.fill(out, row, row + m, 0.0);
            for (int a = 0; a < k; a++) {
                double gia = g[i * k + a];
                int fa = a * m;
                for (int j = 0; j < m; j++) {
                    out[row + j] += gia * f[fa + j];
                }
            }
        }
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

    /** Q(true) and Q(robust) of a model on (possibly other) data. */
    public static double[] q(PmfData d, double[] g, double[] f, int k) {
        double[] wh = new double[d.rows() * d.cols()];
        product(g, f, wh, d.rows(), d.cols(), k);
        double[] w = new double[wh.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / (d.u()[i] * d.u()[i]);
        }
        return new double[] {qTrue(d.x(), w, wh), qRobust(d.x(), d.u(), wh)};
    }
}
