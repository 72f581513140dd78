package dev.jcluster.examples.pmf;

/**
 * One LS-NMF fit in progress: the factors, the weighted data and the work arrays, and the two
 * multiplicative updates, in double or single precision. {@link LsNmf#fit} drives one to
 * convergence; {@code bench/kernel.sh} times its parts.
 */
public sealed interface LsNmfSolver permits DoubleSolver, FloatSolver {

    /** A fit of {@code d} with {@code k} factors from G0 (rows x k) and F0 (k x cols), both copied. */
    static LsNmfSolver start(PmfData d, double[] g0, double[] f0, int k, LsNmf.Precision precision) {
        return start(d, g0, f0, k, precision, WeightedDots.fastest());
    }

    static LsNmfSolver start(PmfData d, double[] g0, double[] f0, int k, LsNmf.Precision precision,
                             WeightedDots dots) {
        if (g0.length != d.rows() * k || f0.length != k * d.cols()) {
            throw new IllegalArgumentException("start has the wrong shape for " + d.rows() + "x" + d.cols()
                    + " data and " + k + " factors");
        }
        return precision == LsNmf.Precision.FLOAT ? new FloatSolver(d, g0, f0, k, dots)
                : new DoubleSolver(d, g0, f0, k, dots);
    }

    /** One iteration: F, then G. */
    default void iterate() {
        updateF();
        updateG();
    }

    /** F &lt;- F .* (G' (W.*X)) ./ (G' (W.*GF)), then G·F for the new F. */
    void updateF();

    /** G &lt;- G .* ((W.*X) F') ./ ((W.*GF) F'), then G·F, W.*GF and Q(true) for the new G. */
    void updateG();

    /** Q(true) = Σ ((X − GF) / U)² for the factors after the last G update. */
    double qTrue();

    /** Q(robust) for the factors after the last G update. */
    double qRobust();

    /** What computes the F update's sums: "vector" (the Vector API) or "scalar"; both give the same bits. */
    String kernel();

    /** G, row-major rows x k. */
    double[] g();

    /** F, row-major k x cols. */
    double[] f();
}
