package dev.jcluster.examples.pmf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the replicates say together: per F element and per G element (day, factor) their
 * distribution, the factor mapping table, and the Q distribution. Filled as results arrive, in
 * any order; the statistics do not depend on the order.
 */
public final class BootstrapSummary {
    private final PmfData data;
    private final LsNmf.Fit base;
    private final int replicates;
    private final double[][] f;          // [a*m+j][replicate]
    private final double[][] g;          // [day*k+a][occurrence]
    private final int[] gCount;
    private final int[][] mapping;       // [base a][replicate factor b], last column = unmatched
    private final List<Replicate.Result> results = new ArrayList<>();

    public BootstrapSummary(PmfData data, LsNmf.Fit base, int replicates) {
        this.data = data;
        this.base = base;
        this.replicates = replicates;
        int k = base.k();
        this.f = new double[k * data.cols()][replicates];
        this.g = new double[data.rows() * k][];
        this.gCount = new int[data.rows() * k];
        this.mapping = new int[k][k + 1];
    }

    public void add(Replicate.Result r) {
        int k = base.k();
        int m = data.cols();
        int slot = results.size();
        results.add(r);
        for (int e = 0; e < k * m; e++) {
            f[e][slot] = r.f()[e];
        }
        for (int i = 0; i < r.index().length; i++) {
            for (int a = 0; a < k; a++) {
                int e = r.index()[i] * k + a;
                if (g[e] == null || gCount[e] == g[e].length) {
                    g[e] = Arrays.copyOf(g[e] == null ? new double[0] : g[e], Math.max(8, gCount[e] * 2));
                }
                g[e][gCount[e]++] = r.g()[i * k + a];
            }
        }
        for (int a = 0; a < k; a++) {
            int b = r.match().mapping()[a];
            mapping[a][b < 0 ? k : b]++;
        }
    }

    public int done() {
        return results.size();
    }

    public int planned() {
        return replicates;
    }

    public PmfData data() {
        return data;
    }

    public LsNmf.Fit base() {
        return base;
    }

    public List<Replicate.Result> results() {
        return results;
    }

    public Stats fStats(int factor, int species) {
        return Stats.of(f[factor * data.cols() + species], results.size());
    }

    public Stats gStats(int day, int factor) {
        int e = day * base.k() + factor;
        return Stats.of(g[e] == null ? new double[0] : g[e], gCount[e]);
    }

    /** [base factor][replicate factor], the last column counting replicates where it was not matched. */
    public int[][] mappingTable() {
        return mapping;
    }

    /** How often base factor a was matched, as a fraction of replicates. */
    public double matchedFraction(int a) {
        return results.isEmpty() ? 0 : 1.0 - (double) mapping[a][base.k()] / results.size();
    }
}
