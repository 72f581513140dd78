package dev.jcluster.examples.pmf;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical log axis that labels ticks inside a decade when its range is narrow: 1 to 9 times a
 * power of ten within one decade, 1, 2 and 5 within two. JFreeChart's own labels only powers of
 * ten, which leaves a narrow axis with no number on it.
 */
final class NarrowLogAxis extends LogarithmicAxis {
    private static final int[] ALL = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final int[] SOME = {1, 2, 5};

    NarrowLogAxis(String label) {
        super(label);
        setStrictValuesFlag(false);
        setExpTickLabelsFlag(true);
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        double lower = getLowerBound();
        double upper = getUpperBound();
        double decades = Math.log10(upper / lower);
        if (!(lower > 0) || decades > 2) {
            return super.refreshTicksVertical(g2, dataArea, edge);
        }
        return ticks(lower, upper, decades <= 1 ? ALL : SOME, edge);
    }

    /** Ticks at m·10^e for the given mantissas m, within [lower, upper], labelled in plain numbers. */
    static List<Tick> ticks(double lower, double upper, int[] mantissas, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        List<Tick> ticks = new ArrayList<>();
        for (int e = (int) Math.floor(Math.log10(lower)); e <= (int) Math.ceil(Math.log10(upper)); e++) {
            for (int m : mantissas) {
                BigDecimal value = BigDecimal.valueOf(m).scaleByPowerOfTen(e);
                double v = value.doubleValue();
                if (v >= lower && v <= upper) {
                    ticks.add(new NumberTick(v, value.stripTrailingZeros().toPlainString(), anchor, anchor, 0.0));
                }
            }
        }
        return ticks;
    }
}
