package dev.jcluster.examples.pmf;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.DirectView;
import dev.jcluster.client.RemoteCallable;
import dev.jcluster.client.RemoteFunction;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The analysis: base case (best Q(robust) of seeded runs), then the bootstrap replicates, each one
 * a load-balanced task on the cluster, or all of them in this JVM with no cluster ({@code client}
 * null) for comparison.
 */
final class PmfBootstrap {
    /** What to compute. {@code blockLength} 0 chooses it automatically. */
    record Plan(int baseRuns, long seed, LsNmf.Settings base, LsNmf.Settings bootstrap, int replicates,
                int blockLength, double threshold) {
    }

    /** Hears about progress: phase name, done, total. */
    interface Progress {
        void update(String phase, int done, int total);
    }

    private final Client client;
    private final Progress progress;

    PmfBootstrap(Client client, Progress progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Each engine's LS-NMF kernel ("vector" or "scalar") by engine id; this JVM's under -1 when alone. */
    Map<Integer, String> kernels() throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        if (client == null) {
            out.put(-1, LsNmf.kernel());
            return out;
        }
        DirectView all = client.direct();
        List<String> names = all.apply(new KernelName());
        for (int i = 0; i < names.size(); i++) {
            out.put(all.targets().get(i), names.get(i));
        }
        return out;
    }

    /** Asks an engine which kernel it runs. */
    record KernelName() implements RemoteCallable<String> {
        @Override
        public String call() {
            return LsNmf.kernel();
        }
    }

    LsNmf.Fit baseCase(PmfData data, Plan plan) throws IOException, InterruptedException {
        List<Long> seeds = LongStream.range(0, plan.baseRuns()).map(i -> plan.seed() + i).boxed().toList();
        List<LsNmf.Fit> fits = run(new BaseRun(shared("pmfData", data), plan.base()), seeds, "base-case runs");
        return fits.stream().min(Comparator.comparingDouble(LsNmf.Fit::qRobust)).orElseThrow();
    }

    BootstrapSummary bootstrap(PmfData data, LsNmf.Fit base, int blockLength, Plan plan)
            throws IOException, InterruptedException {
        Replicate task = new Replicate(shared("pmfData", data), shared("pmfBase", base), blockLength, plan.bootstrap(),
                plan.seed(), plan.threshold());
        List<Integer> ids = IntStream.range(0, plan.replicates()).boxed().toList();
        BootstrapSummary summary = new BootstrapSummary(data, base, plan.replicates());
        for (Replicate.Result r : run(task, ids, "bootstrap replicates")) {
            summary.add(r);
        }
        return summary;
    }

    /** On a cluster, {@code value} goes to every engine once and tasks carry a reference; alone, the value. */
    private <T extends Serializable> Shared<T> shared(String name, T value) throws IOException {
        return client == null ? Shared.local(value) : Shared.on(client.direct().push(name, value));
    }

    private <A, R> List<R> run(RemoteFunction<A, R> fn, List<A> inputs, String phase)
            throws IOException, InterruptedException {
        if (client == null) {
            List<R> out = new ArrayList<>(inputs.size());
            for (A a : inputs) {
                try {
                    out.add(fn.apply(a));
                } catch (Exception e) {
                    throw new IOException(e);
                }
                progress.update(phase, out.size(), inputs.size());
            }
            return out;
        }
        AsyncResult<List<R>> ar = client.loadBalanced().mapAsync(fn, inputs);
        while (!ar.isDone()) {
            progress.update(phase, ar.done(), ar.total());
            try {
                ar.toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not done yet, or failed: get() below reports the failure
            }
        }
        progress.update(phase, ar.total(), ar.total());
        return ar.get();
    }
}
