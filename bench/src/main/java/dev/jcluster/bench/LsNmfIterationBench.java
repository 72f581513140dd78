package dev.jcluster.bench;

import dev.jcluster.examples.pmf.LsNmf;
import dev.jcluster.examples.pmf.LsNmfSolver;
import dev.jcluster.examples.pmf.PmfData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LS-NMF iteration on Baltimore (630 days x 25 species, 6 factors) in double and in single
 * precision, and its parts: the F update and the G update (each with the G·F product after it; Q
 * comes with the G update). Run by {@code bench/kernel.sh},
 * once with the Vector API module and once without.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LsNmfIterationBench {
    @Param({"double", "float"})
    public String precision;
    private LsNmfSolver solver;

    @Setup
    public void setUp() throws Exception {
        Path dir = Path.of(System.getProperty("pmf.data", "examples/pmf-bootstrap/data/baltimore"));
        PmfData data = PmfData.read(dir.resolve("Dataset-Baltimore_con.txt"), dir.resolve("Dataset-Baltimore_unc.txt"))
                .categorize(List.of("PM2.5"), List.of("OM"));
        double[][] start = LsNmf.randomStart(data, 6, 42);
        solver = LsNmfSolver.start(data, start[0], start[1], 6, LsNmf.Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
        // past the first steep iterations, where a bootstrap replicate starts
        for (int i = 0; i < 200; i++) {
            solver.iterate();
        }
        System.err.println("F update: " + solver.kernel());
    }

    @Benchmark
    public double iteration() {
        solver.iterate();
        return solver.qTrue();
    }

    @Benchmark
    public void updateF() {
        solver.updateF();
    }

    @Benchmark
    public void updateG() {
        solver.updateG();
    }

}
