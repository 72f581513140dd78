package dev.jcluster.examples.pmf;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
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
    /** The same in single precision: products of two stay clear of the float range's subnormal end. */
    static final float FLOAT_FLOOR = 1e-18f;
    /** The robust mode's outlier threshold on |residual / uncertainty| (EPA PMF's alpha). */
    static final double ROBUST_ALPHA = 4.0;

    private LsNmf() {
    }

    /** The arithmetic of a fit: double, or single precision as EPA's ESAT computes (faster, Q to about 1e-6). */
    public enum Precision {
        DOUBLE, FLOAT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Factors, and when to stop: Q(true) changed by less than {@code delta} over {@code window}
     * iterations, or the cap; and the precision to compute in.
     */
    public record Settings(int factors, int maxIterations, double delta, int window, Precision precision)
            implements Serializable {
        public Settings {
            if (factors < 1 || maxIterations < 1 || window < 1 || !(delta >= 0) || precision == null) {
                throw new IllegalArgumentException("bad solver settings: " + factors + " factors, " + maxIterations
                        + " iterations, delta " + delta + ", window " + window + ", precision " + precision);
            }
        }

        /** In double precision. */
        public Settings(int factors, int maxIterations, double delta, int window) {
            this(factors, maxIterations, delta, window, Precision.DOUBLE);
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

    /** What computes this JVM's sums: "vector" (the Vector API module is there) or "scalar"; the bits are the same. */
    public static String kernel() {
        return WeightedDots.fastest().name();
    }

    /** Fits from a start (copied, not changed); see {@link LsNmfSolver} for the arithmetic. */
    public static Fit fit(PmfData d, double[] g0, double[] f0, Settings s) {
        LsNmfSolver solver = LsNmfSolver.start(d, g0, f0, s.factors(), s.precision());
        double[] history = new double[s.window() + 1];
        double q = solver.qTrue();
        history[0] = q;
        int iteration = 0;
        boolean converged = false;
        while (iteration < s.maxIterations()) {
            iteration++;
            solver.iterate();
            q = solver.qTrue();
            history[iteration % history.length] = q;
            if (iteration >= s.window()) {
                double before = history[(iteration - s.window()) % history.length];
                if (Math.abs(before - q) < s.delta()) {
                    converged = true;
                    break;
                }
            }
        }
        return new Fit(d.rows(), d.cols(), s.factors(), solver.g(), solver.f(), q, solver.qRobust(), iteration,
                converged);
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
