package dev.jcluster.examples.pmf;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concentrations X and uncertainties U, samples (rows, by date) by species (columns), row-major.
 * Read from EPA PMF files: a header, a date column, one column per species; comma or tab separated.
 */
public record PmfData(List<String> dates, List<String> species, int rows, int cols, double[] x, double[] u)
        implements Serializable {
    private static final Pattern UNIT_SUFFIX = Pattern.compile(".*[(\\[]([^()\\[\\]]+)[)\\]]");

    public double x(int i, int j) {
        return x[i * cols + j];
    }

    public double u(int i, int j) {
        return u[i * cols + j];
    }

    /** Reads a concentration file and its uncertainty file (same header and dates, row for row). */
    public static PmfData read(Path concentrations, Path uncertainties) throws IOException, PmfInputException {
        Table con = Table.read(concentrations);
        Table unc = Table.read(uncertainties);
        if (!con.header.equals(unc.header)) {
            throw new PmfInputException(uncertainties + ": row 1: its columns differ from " + concentrations
                    + " (" + con.header.size() + " vs " + unc.header.size() + " columns)");
        }
        if (con.dates.size() != unc.dates.size()) {
            throw new PmfInputException(uncertainties + ": " + unc.dates.size() + " data rows, but " + concentrations
                    + " has " + con.dates.size());
        }
        for (int i = 0; i < con.dates.size(); i++) {
            if (!con.dates.get(i).equals(unc.dates.get(i))) {
                throw new PmfInputException(uncertainties + ": row " + (i + 2) + ", column 1: date '"
                        + unc.dates.get(i) + "' differs from '" + con.dates.get(i) + "' in " + concentrations);
            }
        }
        for (int k = 0; k < unc.values.length; k++) {
            if (unc.values[k] <= 0) {
                int i = k / unc.header.size();
                int j = k % unc.header.size();
                throw new PmfInputException(uncertainties + ": row " + (i + 2) + ", column " + (j + 2) + " ("
                        + unc.header.get(j) + "): uncertainty must be > 0, got " + unc.values[k]);
            }
        }
        return new PmfData(con.dates, con.header, con.dates.size(), con.header.size(), con.values, unc.values);
    }

    /**
     * Reads concentrations and derives uncertainties from detection limits: 5/6·MDL at or below the
     * MDL, else sqrt((EF·c)² + (0.5·MDL)²), with the error fraction EF per species (or one for all).
     */
    public static PmfData readWithMdl(Path concentrations, Map<String, Double> mdl, Map<String, Double> errorFraction,
                                      double defaultErrorFraction) throws IOException, PmfInputException {
        Table con = Table.read(concentrations);
        int n = con.dates.size();
        int m = con.header.size();
        double[] u = new double[n * m];
        for (int j = 0; j < m; j++) {
            String s = con.header.get(j);
            Double limit = mdl.get(s);
            if (limit == null || limit <= 0) {
                throw new PmfInputException(concentrations + ": row 1, column " + (j + 2) + " (" + s
                        + "): no positive detection limit given for this species");
            }
            double ef = errorFraction.getOrDefault(s, defaultErrorFraction);
            for (int i = 0; i < n; i++) {
                double c = con.values[i * m + j];
                u[i * m + j] = c <= limit ? 5.0 / 6.0 * limit : Math.sqrt(ef * c * ef * c + 0.25 * limit * limit);
            }
        }
        return new PmfData(con.dates, con.header, n, m, con.values, u);
    }

    /** The same data with these species' uncertainties tripled (weak) and these columns removed (bad). */
    public PmfData categorize(List<String> weak, List<String> bad) throws PmfInputException {
        for (String s : concat(weak, bad)) {
            if (!species.contains(s)) {
                throw new PmfInputException("species '" + s + "' is not in the data; species: " + String.join(", ", species));
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            if (!bad.contains(species.get(j))) {
                keep.add(j);
            }
        }
        int m = keep.size();
        double[] nx = new double[rows * m];
        double[] nu = new double[rows * m];
        List<String> names = new ArrayList<>();
        for (int jj = 0; jj < m; jj++) {
            int j = keep.get(jj);
            names.add(species.get(j));
            double factor = weak.contains(species.get(j)) ? 3.0 : 1.0;
            for (int i = 0; i < rows; i++) {
                nx[i * m + jj] = x[i * cols + j];
                nu[i * m + jj] = u[i * cols + j] * factor;
            }
        }
        return new PmfData(dates, List.copyOf(names), rows, m, nx, nu);
    }

    /** The rows {@code index} in that order (a bootstrap sample). */
    public PmfData rows(int[] index) {
        double[] nx = new double[index.length * cols];
        double[] nu = new double[index.length * cols];
        List<String> d = new ArrayList<>(index.length);
        for (int r = 0; r < index.length; r++) {
            System.arraycopy(x, index[r] * cols, nx, r * cols, cols);
            System.arraycopy(u, index[r] * cols, nu, r * cols, cols);
            d.add(dates.get(index[r]));
        }
        return new PmfData(d, species, index.length, cols, nx, nu);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A parsed file: header (species), dates, values row-major. */
    private record Table(List<String> header, List<String> dates, double[] values) {
        static Table read(Path file) throws IOException, PmfInputException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new PmfInputException(file + ": row 1: the file is empty");
            }
            String separator = lines.get(0).contains("\t") ? "\t" : ",";
            List<String> head = Arrays.stream(lines.get(0).split(separator, -1)).map(String::trim).toList();
            if (head.size() < 2) {
                throw new PmfInputException(file + ": row 1: expected a date column and species columns, separated by "
                        + (separator.equals("\t") ? "tabs" : "commas"));
            }
            List<String> species = List.copyOf(head.subList(1, head.size()));
            List<String> dates = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(separator, -1);
                if (cells.length == 0 || cells[0].trim().isEmpty()) {
                    continue; // EPA's files end with lines of bare separators
                }
                if (cells.length != head.size()) {
                    throw new PmfInputException(file + ": row " + (r + 1) + ": " + cells.length + " columns, the header has "
                            + head.size());
                }
                double[] row = new double[species.size()];
                for (int j = 1; j < cells.length; j++) {
                    String cell = cells[j].trim();
                    try {
                        row[j - 1] = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        throw new PmfInputException(file + ": row " + (r + 1) + ", column " + (j + 1) + " ("
                                + species.get(j - 1) + "): '" + cell + "' is not a number");
                    }
                    if (!(row[j - 1] >= 0) || Double.isInfinite(row[j - 1])) {
                        throw new PmfInputException(file + ": row " + (r + 1) + ", column " + (j + 1) + " ("
                                + species.get(j - 1) + "): " + cell + " must be a finite value >= 0");
                    }
                }
                dates.add(cells[0].trim());
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new PmfInputException(file + ": no data rows after the header");
            }
            double[] values = new double[rows.size() * species.size()];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, values, i * species.size(), species.size());
            }
            return new Table(species, List.copyOf(dates), values);
        }
    }

    /** The units every species' header names in a trailing "(...)" or "[...]", if they all name the same. */
    public Optional<String> unitsFromHeader() {
        String found = null;
        for (String name : species) {
            Matcher m = UNIT_SUFFIX.matcher(name.trim());
            if (!m.matches() || (found != null && !found.equals(m.group(1).trim()))) {
                return Optional.empty();
            }
            found = m.group(1).trim();
        }
        return Optional.ofNullable(found);
    }
}
