package dev.jcluster.examples.pmf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts, drawn by JFreeChart as SVG: per factor its profile as EPA PMF shows it
 * (bootstrap boxes on a log axis, the base case, and the factor's share of each species), its
 * contributions on the samples' real time axis, and the replicates' Q distribution.
 */
final class ReportCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 400;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
            new Color(0xbcbd22), new Color(0x7f7f7f)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final BootstrapSummary s;
    private final String units;

    /** {@code units}: the concentrations' units, or empty when the data does not say. */
    ReportCharts(BootstrapSummary summary, String units) {
        this.s = summary;
        this.units = units;
    }

    /** Factor a's profile: bootstrap distribution per species (log), base case, % of species (right axis). */
    String profile(int a) {
        PmfData d = s.data();
        int m = d.cols();
        double[] base = s.base().f();
        double top = 0;
        double least = Double.MAX_VALUE;
        for (int j = 0; j < m; j++) {
            Stats st = s.fStats(a, j);
            for (double v : new double[] {base[a * m + j], st.p5(), st.p95()}) {
                if (v > 0) {
                    top = Math.max(top, v);
                    least = Math.min(least, v);
                }
            }
        }
        top = top > 0 ? top : 1;
        // at most six decades under the largest value, as EPA PMF's profile plots: floored elements sit at the bottom
        double floor = Math.max(top * 1e-6, least == Double.MAX_VALUE ? 0 : least);
        DefaultBoxAndWhiskerCategoryDataset boxes = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultCategoryDataset share = new DefaultCategoryDataset();
        double[] shares = speciesShares(a);
        for (int j = 0; j < m; j++) {
            String species = d.species().get(j);
            Stats st = s.fStats(a, j);
            double b = Math.max(floor, base[a * m + j]);
            boxes.add(st.count() == 0 ? new BoxAndWhiskerItem(b, b, b, b, b, b, b, b, List.of())
                    : new BoxAndWhiskerItem(b, up(st.p50(), floor), up(st.p25(), floor), up(st.p75(), floor),
                    up(st.p5(), floor), up(st.p95(), floor), up(st.p5(), floor), up(st.p95(), floor), List.of()),
                    "bootstrap", species);
            share.addValue(shares[j], "% of species (base case)", species);
        }
        Color color = COLORS[a % COLORS.length];
        BoxAndWhiskerRenderer boxRenderer = new BoxAndWhiskerRenderer();
        boxRenderer.setSeriesPaint(0, new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
        boxRenderer.setSeriesOutlinePaint(0, color);
        boxRenderer.setArtifactPaint(color);
        boxRenderer.setMeanVisible(true);
        boxRenderer.setMaxOutlierVisible(false);
        boxRenderer.setMinOutlierVisible(false);
        boxRenderer.setMaximumBarWidth(0.03);
        boxRenderer.setDefaultToolTipGenerator(null);
        NarrowLogAxis concentration = new NarrowLogAxis(withUnits("concentration"));
        concentration.setRange(floor / 1.5, top * 1.5);
        CategoryAxis speciesAxis = new CategoryAxis();
        speciesAxis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        speciesAxis.setTickLabelFont(NOTE);
        CategoryPlot plot = new CategoryPlot(boxes, speciesAxis, concentration, boxRenderer);
        NumberAxis percent = new NumberAxis("% of species");
        percent.setRange(0, 105);
        plot.setRangeAxis(1, percent);
        plot.setDataset(1, share);
        plot.mapDatasetToRangeAxis(1, 1);
        LineAndShapeRenderer shareRenderer = new LineAndShapeRenderer(false, true);
        shareRenderer.setSeriesPaint(0, Color.BLACK);
        shareRenderer.setSeriesShape(0, new Rectangle2D.Double(-3.5, -3.5, 7, 7));
        plot.setRenderer(1, shareRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        style(plot.getRangeAxis());
        style(percent);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart("Factor " + (a + 1) + " profile", TITLE, plot, true);
        chart.addSubtitle(new TextTitle("box: bootstrap 25-75 % and median, whiskers 5-95 %, circle: base case;"
                + " squares: the factor's share of each species in the base case; matched in "
                + percent(s.matchedFraction(a)) + " of replicates", NOTE));
        return svg(chart, WIDTH, HEIGHT);
    }

    /** Factor a's share of each species' modelled total in the base case, in percent. */
    private double[] speciesShares(int a) {
        int n = s.data().rows();
        int m = s.data().cols();
        int k = s.base().k();
        double[] g = s.base().g();
        double[] f = s.base().f();
        double[] sumG = new double[k];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < k; b++) {
                sumG[b] += g[i * k + b];
            }
        }
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            double total = 0;
            for (int b = 0; b < k; b++) {
                total += sumG[b] * f[b * m + j];
            }
            out[j] = total > 0 ? 100 * sumG[a] * f[a * m + j] / total : 0;
        }
        return out;
    }

    /**
     * Factor a's contributions, normalized to a mean of 1 as EPA PMF shows them, on the samples'
     * time axis (sample numbers if the dates do not parse); the line breaks where sampling paused.
     */
    String contributions(int a) {
        PmfData d = s.data();
        int n = d.rows();
        int k = s.base().k();
        double[] g = s.base().g();
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += g[i * k + a];
        }
        mean = mean > 0 ? mean / n : 1;
        Optional<long[]> times = SampleTimes.parse(d.dates());
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = times.isPresent() ? times.get()[i] : i;
        }
        List<Integer> starts = times.map(SampleTimes::runStarts).orElse(List.of(0));
        YIntervalSeriesCollection runs = new YIntervalSeriesCollection();
        for (int r = 0; r < starts.size(); r++) {
            int end = r + 1 < starts.size() ? starts.get(r + 1) : n;
            YIntervalSeries run = new YIntervalSeries("run " + (r + 1), false, true);
            for (int i = starts.get(r); i < end; i++) {
                double b = g[i * k + a] / mean;
                Stats st = s.gStats(i, a);
                run.add(x[i], b, st.count() > 0 ? st.p5() / mean : b, st.count() > 0 ? st.p95() / mean : b);
            }
            runs.addSeries(run);
        }
        Color color = COLORS[a % COLORS.length];
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.3f);
        for (int r = 0; r < starts.size(); r++) {
            int length = (r + 1 < starts.size() ? starts.get(r + 1) : n) - starts.get(r);
            // a sample alone between two pauses has no line to be drawn with: it gets a dot
            renderer.setSeriesShapesVisible(r, length == 1);
            renderer.setSeriesPaint(r, color);
            renderer.setSeriesFillPaint(r, color);
            renderer.setSeriesStroke(r, new BasicStroke(1f));
            renderer.setSeriesShape(r, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        }
        ValueAxis time;
        if (times.isPresent()) {
            DateAxis dates = new DateAxis("sample date");
            dates.setTimeZone(TimeZone.getTimeZone("UTC"));
            time = dates;
        } else {
            NumberAxis samples = new NumberAxis("sample");
            samples.setAutoRangeIncludesZero(false);
            time = samples;
        }
        NumberAxis value = new NumberAxis("normalized contribution (mean 1)");
        style(value);
        style(time);
        XYPlot plot = new XYPlot(runs, time, value, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart("Factor " + (a + 1) + " contributions", TITLE, plot, false);
        chart.addSubtitle(new TextTitle("line: base case; band: bootstrap 5-95 %"
                + (starts.size() > 1 ? "; the line breaks where sampling paused (" + (starts.size() - 1) + " times)"
                : ""), NOTE));
        return svg(chart, WIDTH, HEIGHT - 60);
    }

    /** The replicates' Q(robust) as a histogram, with the base case's marked. */
    String qDistribution() {
        double[] q = s.results().stream().mapToDouble(Replicate.Result::qRobust).toArray();
        HistogramDataset histogram = new HistogramDataset();
        if (q.length > 0) {
            histogram.addSeries("Q(robust)", q, Math.min(40, Math.max(5, q.length / 10)));
        }
        NumberAxis qAxis = new NumberAxis("Q(robust)");
        qAxis.setAutoRangeIncludesZero(false);
        NumberAxis count = new NumberAxis("replicates");
        style(qAxis);
        style(count);
        XYBarRenderer bars = new XYBarRenderer(0.05);
        bars.setSeriesPaint(0, COLORS[0]);
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        XYPlot plot = new XYPlot(histogram, qAxis, count, bars);
        plot.setBackgroundPaint(Color.WHITE);
        ValueMarker base = new ValueMarker(s.base().qRobust(), Color.BLACK, new BasicStroke(1.5f));
        base.setLabel("base case");
        base.setLabelFont(NOTE);
        plot.addDomainMarker(base);
        JFreeChart chart = new JFreeChart("Q(robust) of the " + q.length + " replicates", TITLE, plot, false);
        return svg(chart, WIDTH, HEIGHT - 80);
    }

    private String withUnits(String label) {
        return units.isEmpty() ? label + " (units not given)" : label + " (" + units + ")";
    }

    private static double up(double v, double floor) {
        return Double.isNaN(v) ? floor : Math.max(v, floor);
    }

    private static void style(ValueAxis axis) {
        axis.setTickLabelFont(NOTE);
        axis.setLabelFont(NOTE.deriveFont(Font.BOLD));
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f %%", f * 100);
    }

    static String svg(JFreeChart chart, int width, int height) {
        // JFreeChart draws rotated text as glyph outlines by default (for old JDKs' rotated text):
        // in SVG that is hundreds of KB of paths per chart, and labels nobody can select or search
        TextUtils.setUseDrawRotatedStringWorkaround(false);
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        return g2.getSVGDocument();
    }
}
