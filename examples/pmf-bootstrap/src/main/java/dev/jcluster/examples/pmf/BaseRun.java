package dev.jcluster.examples.pmf;

import dev.jcluster.client.RemoteFunction;

/** One seeded run of the base case, as a task: seed in, fitted model out. */
public record BaseRun(Shared<PmfData> data, LsNmf.Settings settings) implements RemoteFunction<Long, LsNmf.Fit> {
    @Override
    public LsNmf.Fit apply(Long seed) {
        PmfData d = data.get();
        double[][] start = LsNmf.randomStart(d, settings.factors(), seed);
        return LsNmf.fit(d, start[0], start[1], settings);
    }
}
