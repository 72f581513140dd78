package dev.jcluster.examples.pmf;

import java.util.List;
import java.util.Locale;

/** Just enough SVG for the report's charts: a plot area, axes with ticks, boxes, lines, bands. */
final class SvgChart {
    static final int WIDTH = 900;
    static final int HEIGHT = 320;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 30;
    static final int BOTTOM = 90;

    private final StringBuilder body = new StringBuilder();
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean logY;

    SvgChart(String title, double xMin, double xMax, double yMin, double yMax, boolean logY) {
        this.xMin = xMin;
        this.xMax = xMax == xMin ? xMin + 1 : xMax;
        this.logY = logY;
        this.yMin = logY ? Math.log10(yMin) : yMin;
        double top = logY ? Math.log10(yMax) : yMax;
        this.yMax = top == this.yMin ? this.yMin + 1 : top;
        text(WIDTH / 2.0, 18, title, "middle", 14);
    }

    double x(double v) {
        return LEFT + (v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
    }

    double y(double v) {
        double t = logY ? Math.log10(Math.max(v, Math.pow(10, yMin))) : v;
        return HEIGHT - BOTTOM - (t - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    SvgChart yAxis(String label) {
        line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333", 1);
        line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333", 1);
        if (logY) {
            for (int e = (int) Math.ceil(yMin); e <= Math.floor(yMax); e++) {
                tick(Math.pow(10, e), "1e" + e);
            }
        } else {
            for (int t = 0; t <= 4; t++) {
                double v = yMin + t * (yMax - yMin) / 4;
                tick(v, String.format(Locale.ROOT, "%.3g", v));
            }
        }
        body.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(label)));
        return this;
    }

    private void tick(double v, String label) {
        double yy = y(v);
        line(LEFT - 4, yy, WIDTH - RIGHT, yy, "#eee", 1);
        text(LEFT - 6, yy + 4, label, "end", 10);
    }

    /** Category labels under the x axis, rotated. */
    SvgChart xLabels(List<String> labels, int every) {
        for (int i = 0; i < labels.size(); i += Math.max(1, every)) {
            double xx = x(i);
            body.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(-45 %.1f %d)\" text-anchor=\"end\" font-size=\"10\">%s</text>%n",
                    xx, HEIGHT - BOTTOM + 14, xx, HEIGHT - BOTTOM + 14, escape(labels.get(i))));
        }
        return this;
    }

    SvgChart box(double at, double halfWidth, double p5, double p25, double p75, double p95, String color) {
        line(x(at), y(p5), x(at), y(p95), color, 1);
        double x0 = x(at - halfWidth);
        double x1 = x(at + halfWidth);
        body.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.35\" stroke=\"%s\"/>%n",
                x0, y(p75), x1 - x0, Math.max(0.5, y(p25) - y(p75)), color, color));
        return this;
    }

    SvgChart marker(double at, double v, String color) {
        body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x(at), y(v), color));
        return this;
    }

    SvgChart band(double[] xs, double[] low, double[] high, String color) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(xs[i]), y(high[i])));
        }
        for (int i = xs.length - 1; i >= 0; i--) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(xs[i]), y(low[i])));
        }
        body.append("<polygon points=\"").append(pts).append("\" fill=\"").append(color)
                .append("\" fill-opacity=\"0.25\" stroke=\"none\"/>\n");
        return this;
    }

    SvgChart polyline(double[] xs, double[] ys, String color) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(xs[i]), y(ys[i])));
        }
        body.append("<polyline points=\"").append(pts).append("\" fill=\"none\" stroke=\"").append(color)
                .append("\" stroke-width=\"1\"/>\n");
        return this;
    }

    SvgChart bar(double from, double to, double height, String color) {
        double x0 = x(from);
        double x1 = x(to);
        body.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x0, y(height), Math.max(0.5, x1 - x0 - 1), y(yMin) - y(height), color));
        return this;
    }

    SvgChart caption(String text) {
        text(WIDTH / 2.0, HEIGHT - 8, text, "middle", 11);
        return this;
    }

    private void line(double x1, double y1, double x2, double y2, String color, double width) {
        body.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                x1, y1, x2, y2, color, width));
    }

    private void text(double xx, double yy, String s, String anchor, int size) {
        body.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", xx, yy, anchor, size,
                escape(s)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    String render() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" font-family=\"sans-serif\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n";
    }
}
