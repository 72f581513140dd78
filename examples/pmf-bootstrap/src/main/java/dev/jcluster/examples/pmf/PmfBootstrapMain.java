package dev.jcluster.examples.pmf;

import dev.jcluster.client.Client;
import dev.jcluster.server.InProcessCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pmf-bootstrap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Positive matrix factorization of EPA PMF data with block-bootstrap uncertainty,",
                "the replicates farmed out to a jcluster cluster.", ""},
        footer = {"", "Examples:",
                "  examples/pmf-bootstrap/run.sh                       # Baltimore, 6 factors, 1,000 replicates, 2 local engines",
                "  examples/pmf-bootstrap/run.sh --profile dash -n 16 -- --replicates 200 --out /tmp/pmf",
                "  ... PmfBootstrapMain --serial --replicates 50       # no cluster, one JVM"})
public final class PmfBootstrapMain implements Callable<Integer> {
    @Option(names = "--con", paramLabel = "FILE", required = true, description = "Concentrations (CSV or tab-separated).")
    Path con;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Uncertainty uncertainty;

    static final class Uncertainty {
        @Option(names = "--unc", paramLabel = "FILE", description = "Uncertainties, same layout as --con.")
        Path file;

        @Option(names = "--mdl", paramLabel = "FILE",
                description = "Instead of --unc: detection limits, lines of 'species,MDL[,error fraction]'.")
        Path mdl;
    }

    @Option(names = "--error-fraction", defaultValue = "0.1",
            description = "With --mdl: error fraction for species whose line gives none (default: ${DEFAULT-VALUE}).")
    double errorFraction;

    @Option(names = "--weak", paramLabel = "SPECIES", split = ",", description = "Species whose uncertainty is tripled.")
    List<String> weak = new ArrayList<>();

    @Option(names = "--bad", paramLabel = "SPECIES", split = ",", description = "Species left out.")
    List<String> bad = new ArrayList<>();

    @Option(names = {"-k", "--factors"}, defaultValue = "6", description = "Factors (default: ${DEFAULT-VALUE}).")
    int factors;

    @Option(names = "--replicates", defaultValue = "1000", description = "Bootstrap replicates (default: ${DEFAULT-VALUE}).")
    int replicates;

    @Option(names = "--base-runs", defaultValue = "20", description = "Seeded runs for the base case (default: ${DEFAULT-VALUE}).")
    int baseRuns;

    @Option(names = "--seed", defaultValue = "42", description = "Seed; results are the same for a seed whatever the engine count (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--block-length", defaultValue = "auto", description = "Bootstrap block length in samples, or auto (default: ${DEFAULT-VALUE}).")
    String blockLength;

    @Option(names = "--max-iterations", defaultValue = "20000", description = "Base case iteration cap (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--bootstrap-max-iterations", defaultValue = "5000", description = "Replicate iteration cap (default: ${DEFAULT-VALUE}).")
    int bootstrapMaxIterations;

    @Option(names = "--delta", defaultValue = "0.1", description = "Converged when Q changes less than this... (default: ${DEFAULT-VALUE})")
    double delta;

    @Option(names = "--window", defaultValue = "50", description = "...over this many iterations (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--precision", defaultValue = "double", paramLabel = "double|float",
            converter = PrecisionConverter.class,
            description = "Arithmetic of every fit: double, or float as EPA's ESAT computes (faster; Q agrees with double's"
                    + " to a few parts in a thousand). Default: ${DEFAULT-VALUE}.")
    LsNmf.Precision precision;

    @Option(names = "--units", paramLabel = "UNITS",
            description = "Units of the concentrations, for the report's axes (e.g. µg/m³). Default: from the header"
                    + " when every species names the same, as 'Sulfate (ug/m3)'; else none.")
    String units;

    @Option(names = "--threshold", defaultValue = "0.6", description = "Least correlation to map a replicate factor to a base factor (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = {"-o", "--out"}, defaultValue = "pmf-report", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--connection-file", paramLabel = "FILE", description = "A running cluster's connection file.")
        Path connectionFile;

        @Option(names = "--in-process", paramLabel = "N", description = "Engines as threads of this JVM.")
        Integer inProcess;

        @Option(names = "--serial", description = "No cluster: every run in this thread, one after the other.")
        boolean serial;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PmfBootstrapMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        PmfData data;
        try {
            data = (uncertainty.file != null ? PmfData.read(con, uncertainty.file) : readWithMdl()).categorize(weak, bad);
        } catch (PmfInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read the input: " + e);
            return 2;
        }
        int block = blockLength.equals("auto") ? BlockBootstrap.automaticLength(data) : Integer.parseInt(blockLength);
        PmfBootstrap.Plan plan = new PmfBootstrap.Plan(baseRuns, seed,
                new LsNmf.Settings(factors, maxIterations, delta, window, precision),
                new LsNmf.Settings(factors, bootstrapMaxIterations, delta, window, precision), replicates, block,
                threshold);
        List<String> settings = new ArrayList<>(List.of(
                "data: " + con.getFileName() + " (" + data.rows() + " samples x " + data.cols() + " species)"
                        + (weak.isEmpty() ? "" : "; weak: " + String.join(", ", weak))
                        + (bad.isEmpty() ? "" : "; bad: " + String.join(", ", bad)),
                factors + " factors, " + precision + " precision; base case: best Q(robust) of " + baseRuns
                        + " runs from seed " + seed,
                "convergence: dQ < " + delta + " over " + window + " iterations; caps " + maxIterations + " (base), "
                        + bootstrapMaxIterations + " (replicates)",
                "block bootstrap: " + replicates + " replicates, block length " + block
                        + (blockLength.equals("auto") ? " (automatic)" : "") + ", factors mapped at r >= " + threshold));
        ProgressBar bar = new ProgressBar(err);
        long t0 = System.nanoTime();
        try (InProcessCluster local = where.inProcess != null ? InProcessCluster.start(where.inProcess) : null;
             Client client = connect(local)) {
            PmfBootstrap analysis = new PmfBootstrap(client, bar::update);
            String kernels = describeKernels(analysis.kernels());
            err.println(kernels);
            settings.add(kernels);
            LsNmf.Fit base = analysis.baseCase(data, plan);
            err.printf(Locale.ROOT, "base case: Q(true) %.1f, Q(robust) %.1f, %d iterations%n", base.qTrue(),
                    base.qRobust(), base.iterations());
            BootstrapSummary summary = analysis.bootstrap(data, base, block, plan);
            double secs = (System.nanoTime() - t0) / 1e9;
            settings.add(String.format(Locale.ROOT, "ran on %s in %.1f s", describeWhere(client), secs));
            String unitsShown = units != null ? units : data.unitsFromHeader().orElse("");
            Path html = new Report(summary, out, settings, unitsShown).write();
            System.out.printf(Locale.ROOT, "%d replicates in %.1f s; report: %s%n", summary.done(), secs, html.toAbsolutePath());
            return 0;
        }
    }

    /** Uncertainties from detection limits: a CSV of species, MDL and optionally the error fraction. */
    private PmfData readWithMdl() throws IOException, PmfInputException {
        Map<String, Double> mdl = new HashMap<>();
        Map<String, Double> ef = new HashMap<>();
        List<String> lines = Files.readAllLines(uncertainty.mdl);
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split("[,\t]");
            if (lines.get(r).isBlank() || (r == 0 && cells.length > 1 && !cells[1].trim().matches("[0-9.eE+-]+"))) {
                continue; // blank line or header
            }
            try {
                mdl.put(cells[0].trim(), Double.parseDouble(cells[1].trim()));
                if (cells.length > 2) {
                    ef.put(cells[0].trim(), Double.parseDouble(cells[2].trim()));
                }
            } catch (RuntimeException e) {
                throw new PmfInputException(uncertainty.mdl + ": row " + (r + 1) + ": expected 'species,MDL[,error"
                        + " fraction]', got '" + lines.get(r) + "'");
            }
        }
        return PmfData.readWithMdl(con, mdl, ef, errorFraction);
    }

    /** The cluster named on the command line, the in-process one, or none (null: serial, in this thread). */
    private Client connect(InProcessCluster local) throws IOException {
        if (where.connectionFile != null) {
            return Client.connect(where.connectionFile);
        }
        return local != null ? local.client() : null;
    }

    /** double or float, in any case. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<LsNmf.Precision> {
        @Override
        public LsNmf.Precision convert(String value) {
            try {
                return LsNmf.Precision.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected double or float, got '" + value + "'");
            }
        }
    }

    /** Which LS-NMF kernel runs where, and how to get the faster one where it is missing. */
    static String describeKernels(Map<Integer, String> kernels) {
        List<Integer> scalar = kernels.entrySet().stream().filter(e -> e.getValue().equals("scalar"))
                .map(Map.Entry::getKey).toList();
        if (scalar.isEmpty()) {
            return "LS-NMF kernel: Vector API" + (kernels.containsKey(-1) ? "" : " on every engine");
        }
        String who = kernels.containsKey(-1) ? "this JVM lacks" : "engine(s) " + scalar + " lack";
        return "LS-NMF kernel: scalar; " + who + " the Vector API module (add --add-modules=jdk.incubator.vector to"
                + " the JVM options): same results, slower";
    }

    private String describeWhere(Client client) throws IOException {
        return client == null ? "one thread (serial)" : client.ids().size() + " engine(s)";
    }

    /** One line redrawn in place with the done count and an ETA. */
    static final class ProgressBar {
        private final PrintStream err;
        private final boolean terminal = System.console() != null;
        private String phase;
        private long phaseStart;
        private long lastPrint;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        void update(String name, int done, int total) {
            long now = System.nanoTime();
            if (!name.equals(phase)) {
                phase = name;
                phaseStart = now;
            }
            boolean finished = done >= total;
            if (!terminal && !finished && now - lastPrint < 5_000_000_000L) {
                return;
            }
            lastPrint = now;
            double elapsed = (now - phaseStart) / 1e9;
            String eta = done > 0 && !finished ? String.format(Locale.ROOT, " ETA %.0f s", elapsed / done * (total - done))
                    : finished ? String.format(Locale.ROOT, " in %.1f s", elapsed) : "";
            int width = 30;
            int filled = total == 0 ? width : width * done / total;
            String line = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + name + eta;
            err.print(terminal ? "\r" + line + (finished ? "\n" : "") : line + "\n");
            err.flush();
        }
    }
}
