package dev.jcluster.examples.pmf;

/**
 * The reductions of LS-NMF's F update: for one species column, num[a] = Σ G'[a]·(W.*X) and
 * den[a] = Σ G'[a]·(W.*GF) for every factor a, by fused multiply-adds. Every form sums in the same
 * order (in doubles four lanes by day mod 4, in floats eight; the tail into lane 0; then the
 * lanes pairwise, (l0 + l1) + (l2 + l3) and so on), so a fit gives the same bits on a JVM with the
 * Vector API as on one without.
 */
interface WeightedDots {
    String VECTOR_MODULE = "jdk.incubator.vector";
    /** Lanes of the single-precision sums: a 256-bit vector of floats. */
    int FLOAT_LANES = 8;

    /** gt[a] is factor a's column of G; wx and wwh the species' W.*X and W.*GF. */
    void compute(double[][] gt, int k, double[] wx, double[] wwh, double[] num, double[] den);

    /** The same in single precision. */
    void compute(float[][] gt, int k, float[] wx, float[] wwh, float[] num, float[] den);

    /** Eight lane sums added pairwise: ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)). */
    static float pairwise(float[] lanes) {
        return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }

    /** What computes them: "vector" or "scalar", for reports. */
    String name();

    /** The Vector API form where the JVM has its module (--add-modules jdk.incubator.vector), else the scalar one. */
    static WeightedDots fastest() {
        return Fastest.INSTANCE;
    }

    /** Decided once per class loader: the answer cannot change within a JVM. */
    final class Fastest {
        static final WeightedDots INSTANCE = choose();

        private Fastest() {
        }

        private static WeightedDots choose() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
                try {
                    return (WeightedDots) Class.forName(WeightedDots.class.getPackageName() + ".VectorWeightedDots",
                            true, WeightedDots.class.getClassLoader()).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
                    // no usable vector species here: the scalar form gives the same bits
                }
            }
            return new ScalarWeightedDots();
        }
    }
}
