package dev.jcluster.examples.pmf;

import dev.jcluster.client.RemoteFunction;

/** One seeded run of the base case, as a task: seed in, fitted model out. */
public record BaseRun(PmfData data, LsNmf.Settings settings) implements RemoteFunction<Long, LsNmf.Fit> {
    @Override
    public LsNmf.Fit apply(Long seed) {
        double[][] start = LsNmf.randomStart(data, settings.factors(), seed);
        return LsNmf.fit(data, start[0], start[1], settings);
    }
}
