package dev.jcluster.examples.pmf;

/**
 * The reductions of LS-NMF's F update: for one species column, num[a] = Σ G'[a]·(W.*X) and
 * den[a] = Σ G'[a]·(W.*GF) for every factor a. Every form sums in the same order (four lanes by
 * day mod 4, the tail into lane 0, then (l0 + l1) + (l2 + l3)), so a fit gives the same bits on a
 * JVM with the Vector API as on one without.
 */
interface WeightedDots {
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** gt[a] is factor a's column of G; wx and wwh the species' W.*X and W.*GF. */
    void compute(double[][] gt, int k, double[] wx, double[] wwh, double[] num, double[] den);

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
