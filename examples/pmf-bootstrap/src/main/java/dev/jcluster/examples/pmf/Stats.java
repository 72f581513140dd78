package dev.jcluster.examples.pmf;

import java.util.Arrays;

/** Percentiles 5/25/50/75/95, mean and standard deviation of a sample (NaNs ignored). */
public record Stats(int count, double p5, double p25, double p50, double p75, double p95, double mean, double sd) {
    public static final String CSV_HEADER = "count,p5,p25,p50,p75,p95,mean,sd";

    public static Stats of(double[] values, int length) {
        double[] v = Arrays.stream(values, 0, length).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return new Stats(v.length, percentile(v, 5), percentile(v, 25), percentile(v, 50), percentile(v, 75),
                percentile(v, 95), mean, sd);
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public String csv() {
        return count + "," + p5 + "," + p25 + "," + p50 + "," + p75 + "," + p95 + "," + mean + "," + sd;
    }
}
