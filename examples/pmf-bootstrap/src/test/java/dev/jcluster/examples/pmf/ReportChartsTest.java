package dev.jcluster.examples.pmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;

class ReportChartsTest {
    private static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String chartWithLogAxis(double lower, double upper) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        d.addValue(lower * 1.1, "v", "a");
        d.addValue(upper * 0.9, "v", "b");
        NarrowLogAxis axis = new NarrowLogAxis("concentration");
        axis.setRange(lower, upper);
        return ReportCharts.svg(new JFreeChart(new CategoryPlot(d, new CategoryAxis(), axis,
                new LineAndShapeRenderer(false, true))), 400, 300);
    }

    @Test
    void aLogAxisInsideOneDecadeLabelsEveryUnitAndWithinTwoLabelsOneTwoFive() {
        assertThat(texts(chartWithLogAxis(2, 8))).contains("2", "3", "4", "5", "6", "7", "8");
        assertThat(texts(chartWithLogAxis(0.03, 2))).contains("0.05", "0.1", "0.2", "0.5", "1", "2")
                .doesNotContain("0.3", "3");
        // wide: powers of ten only, as JFreeChart draws them
        assertThat(texts(chartWithLogAxis(1e-5, 10))).contains("1e-3", "1e0").doesNotContain("2", "0.002");
    }

    @Test
    void samplingDatesParseInEpaAndIsoLayoutsAndPausesAreFound() {
        long day = 86_400_000L;
        long start = LocalDate.of(2000, 12, 14).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        assertThat(SampleTimes.parse(List.of("12/14/2000", "12/17/2000"))).hasValueSatisfying(t ->
                assertThat(t).containsExactly(start, start + 3 * day));
        assertThat(SampleTimes.parse(List.of("6/22/2001 0:00", "6/22/2001 13:00", "2001-06-23", "2001-06-23T02:00")))
                .hasValueSatisfying(t -> assertThat(t[1] - t[0]).isEqualTo(13 * 3_600_000L));
        assertThat(SampleTimes.parse(List.of("12/14/2000", "day 2"))).isEmpty();
        long[] every3 = {0, 3 * day, 6 * day, 9 * day, 30 * day, 33 * day, 39 * day, 42 * day};
        // 21 days is a pause; 6 days (a 1-in-6 sample) is not
        assertThat(SampleTimes.runStarts(every3)).containsExactly(0, 4);
    }

    @Test
    void unitsComeFromTheHeaderWhenEverySpeciesNamesTheSame() {
        PmfData d = new PmfData(List.of("1/1/2001"), List.of("Sulfate (ug/m3)", "Iron [ug/m3]"), 1, 2,
                new double[] {1, 2}, new double[] {1, 1});
        assertThat(d.unitsFromHeader()).contains("ug/m3");
        PmfData mixed = new PmfData(List.of("1/1/2001"), List.of("Sulfate (ug/m3)", "Benzene (ppbC)"), 1, 2,
                new double[] {1, 2}, new double[] {1, 1});
        assertThat(mixed.unitsFromHeader()).isEmpty();
        PmfData none = new PmfData(List.of("1/1/2001"), List.of("Sulfate", "Iron"), 1, 2, new double[] {1, 2},
                new double[] {1, 1});
        assertThat(none.unitsFromHeader()).isEmpty();
    }
}
