package dev.jcluster.examples.pmf;

import java.nio.file.Path;

/** The EPA PMF example files shipped with the example. */
final class PmfTestData {
    static final Path DIR = Path.of("data").toAbsolutePath();

    private PmfTestData() {
    }

    static PmfData baltimore() throws Exception {
        return PmfData.read(DIR.resolve("baltimore/Dataset-Baltimore_con.txt"),
                DIR.resolve("baltimore/Dataset-Baltimore_unc.txt"));
    }

    static PmfData batonRouge() throws Exception {
        return PmfData.read(DIR.resolve("batonrouge/Dataset-BatonRouge-con.csv"),
                DIR.resolve("batonrouge/Dataset-BatonRouge-unc.csv"));
    }
}
