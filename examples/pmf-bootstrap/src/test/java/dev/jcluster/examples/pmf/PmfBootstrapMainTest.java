package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PmfBootstrapMainTest {
    @Test
    void aPrecisionOtherThanDoubleOrFloatIsOneClearErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new PmfBootstrapMain()).setErr(new PrintWriter(err))
                .execute("--serial", "--con", "x.csv", "--unc", "y.csv", "--precision", "half");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("expected double or float, got 'half'");
    }

    @Test
    void precisionIsReadInAnyCase() {
        assertThat(new PmfBootstrapMain.PrecisionConverter().convert("FLOAT")).isEqualTo(LsNmf.Precision.FLOAT);
    }

    @Test
    void theKernelLineSaysWhichEnginesLackTheVectorApi() {
        assertThat(PmfBootstrapMain.describeKernels(Map.of(0, "vector", 1, "vector")))
                .isEqualTo("LS-NMF kernel: Vector API on every engine");
        assertThat(PmfBootstrapMain.describeKernels(Map.of(0, "vector", 1, "scalar")))
                .contains("engine(s) [1] lack").contains("--add-modules=jdk.incubator.vector");
    }
}
