package dev.jcluster.examples.pmf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bootstrap's results as a scientist reads them: CSV tables (every F and G element's
 * distribution, the mapping table, each replicate's Q), a factor profile and a contribution
 * time series per factor ({@link ReportCharts}), and one HTML page gathering them.
 */
final class Report {
    private final BootstrapSummary s;
    private final Path dir;
    private final List<String> settings;
    private final ReportCharts charts;

    /** {@code units}: the concentrations' units, or empty when the data does not say. */
    Report(BootstrapSummary summary, Path dir, List<String> settings, String units) {
        this.s = summary;
        this.dir = dir;
        this.settings = settings;
        this.charts = new ReportCharts(summary, units);
    }

    Path write() throws IOException {
        Files.createDirectories(dir);
        writeFactorTables();
        writeMapping();
        writeReplicates();
        int k = s.base().k();
        for (int a = 0; a < k; a++) {
            Files.writeString(dir.resolve("factor-" + (a + 1) + "-profile.svg"), charts.profile(a));
            Files.writeString(dir.resolve("factor-" + (a + 1) + "-contributions.svg"), charts.contributions(a));
        }
        Files.writeString(dir.resolve("q-robust.svg"), charts.qDistribution());
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(), StandardCharsets.UTF_8);
        return html;
    }

    private void writeFactorTables() throws IOException {
        PmfData d = s.data();
        int k = s.base().k();
        List<String> f = new ArrayList<>();
        f.add("factor,species,base," + Stats.CSV_HEADER);
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < d.cols(); j++) {
                f.add((a + 1) + "," + csv(d.species().get(j)) + "," + s.base().f()[a * d.cols() + j] + ","
                        + s.fStats(a, j).csv());
            }
        }
        Files.write(dir.resolve("F_bootstrap.csv"), f, StandardCharsets.UTF_8);
        List<String> g = new ArrayList<>();
        g.add("date,factor,base," + Stats.CSV_HEADER);
        for (int i = 0; i < d.rows(); i++) {
            for (int a = 0; a < k; a++) {
                g.add(csv(d.dates().get(i)) + "," + (a + 1) + "," + s.base().g()[i * k + a] + "," + s.gStats(i, a).csv());
            }
        }
        Files.write(dir.resolve("G_bootstrap.csv"), g, StandardCharsets.UTF_8);
    }

    private void writeMapping() throws IOException {
        int k = s.base().k();
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("base factor");
        for (int b = 0; b < k; b++) {
            head.append(",replicate factor ").append(b + 1);
        }
        lines.add(head + ",unmatched");
        int[][] t = s.mappingTable();
        for (int a = 0; a < k; a++) {
            StringBuilder row = new StringBuilder("factor " + (a + 1));
            for (int b = 0; b <= k; b++) {
                row.append(',').append(t[a][b]);
            }
            lines.add(row.toString());
        }
        Files.write(dir.resolve("mapping.csv"), lines, StandardCharsets.UTF_8);
    }

    private void writeReplicates() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("replicate,q_true,q_robust,iterations,converged,unmatched_factors");
        s.results().stream().sorted((x, y) -> Integer.compare(x.replicate(), y.replicate())).forEach(r ->
                lines.add(r.replicate() + "," + r.qTrue() + "," + r.qRobust() + "," + r.iterations() + ","
                        + r.converged() + "," + r.match().unmatched()));
        Files.write(dir.resolve("replicates.csv"), lines, StandardCharsets.UTF_8);
    }

    private String html() {
        int k = s.base().k();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PMF bootstrap</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
                .append("th{background:#f4f4f4}</style></head><body>\n")
                .append("<h1>PMF source apportionment: block bootstrap</h1>\n<ul>\n");
        for (String line : settings) {
            h.append("<li>").append(escape(line)).append("</li>\n");
        }
        long converged = s.results().stream().filter(Replicate.Result::converged).count();
        double meanIter = s.results().stream().mapToInt(Replicate.Result::iterations).average().orElse(0);
        h.append(String.format(Locale.ROOT, "<li>base case: Q(true) %.1f, Q(robust) %.1f, %d iterations</li>%n",
                s.base().qTrue(), s.base().qRobust(), s.base().iterations()));
        h.append(String.format(Locale.ROOT, "<li>%d replicates, %d converged, %.0f iterations on average</li>%n</ul>%n",
                s.done(), converged, meanIter));
        h.append("<h2>Factor mapping</h2>\n<p>How often each base factor was matched to each replicate factor "
                + "(correlation of contributions).</p>\n<table><tr><th>base</th>");
        for (int b = 0; b < k; b++) {
            h.append("<th>rep ").append(b + 1).append("</th>");
        }
        h.append("<th>unmatched</th></tr>\n");
        int[][] t = s.mappingTable();
        for (int a = 0; a < k; a++) {
            h.append("<tr><th>factor ").append(a + 1).append("</th>");
            for (int b = 0; b <= k; b++) {
                h.append("<td>").append(t[a][b]).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        for (int a = 0; a < k; a++) {
            h.append("<h2>Factor ").append(a + 1).append("</h2>\n<img src=\"factor-").append(a + 1)
                    .append("-profile.svg\" width=\"100%\">\n<img src=\"factor-").append(a + 1)
                    .append("-contributions.svg\" width=\"100%\">\n");
        }
        h.append("<h2>Q distribution</h2>\n<img src=\"q-robust.svg\" width=\"100%\">\n")
                .append("<h2>Tables</h2>\n<ul><li><a href=\"F_bootstrap.csv\">F_bootstrap.csv</a>: every profile element,")
                .append(" base value and percentiles 5/25/50/75/95, mean, sd</li>")
                .append("<li><a href=\"G_bootstrap.csv\">G_bootstrap.csv</a>: every contribution</li>")
                .append("<li><a href=\"mapping.csv\">mapping.csv</a></li>")
                .append("<li><a href=\"replicates.csv\">replicates.csv</a>: Q, iterations, convergence per replicate</li>")
                .append("</ul>\n</body></html>\n");
        return h.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
