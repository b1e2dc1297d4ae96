package mprogsim.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small self-contained SVG charts (no scripts, no fonts or files fetched): a latency histogram, a step chart of a
 * quantity over virtual time, and lines across the values of a sweep. Each is an inline {@code <svg>} element that is
 * also well-formed XML; hovering a bar or point shows its exact value through SVG's own {@code <title>}.
 */
final class SvgCharts {
    static final int WIDTH = 440;
    static final int HEIGHT = 230;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

    static final String BAR = "#4a7fb5";
    static final String P50 = "#176f2c";
    static final String P99 = "#b3261e";
    static final String MAX = "#7a4fa0";
    static final String HORIZON = "#8a8a8a";

    private SvgCharts() {
    }

    /** A line in a chart's legend and its stroke. */
    record Line(String label, String color, List<Double> values) {
    }

    /**
     * The histogram of a latency in microseconds: bars from its buckets, with its p50 and p99 marked. Without
     * buckets, its percentiles as bars instead (p50, p90, p99, p99.9, max), so an older producer still gives a chart.
     */
    static String latency(String title, TimedMetrics.Latency l) {
        StringBuilder sb = open(title + " (n=" + l.count() + ")");
        TimedMetrics.Buckets b = l.buckets();
        if (b == null) {
            return percentiles(sb, l);
        }
        List<Long> counts = b.counts();
        int first = 0;
        while (first < counts.size() - 1 && counts.get(first) == 0) {
            first++;
        }
        int n = counts.size();
        while (n > first + 1 && counts.get(n - 1) == 0) {
            n--;
        }
        long top = 1;
        for (int i = first; i < n; i++) {
            top = Math.max(top, counts.get(i));
        }
        double lo = b.fromMicros() + first * b.widthMicros();
        double hi = b.fromMicros() + n * b.widthMicros();
        Ticks y = Ticks.of(top);
        Ticks x = Ticks.of(lo, hi);
        axes(sb, x, y, "microseconds", "count");
        for (int i = first; i < n; i++) {
            long c = counts.get(i);
            if (c == 0) {
                continue;
            }
            double from = b.fromMicros() + i * b.widthMicros();
            double x0 = x.at(from);
            double x1 = x.at(from + b.widthMicros());
            double y0 = y.atY(c);
            sb.append("<rect class=\"bar\" x=\"").append(f(x0)).append("\" y=\"").append(f(y0)).append("\" width=\"")
                    .append(f(Math.max(0.8, x1 - x0 - 0.6))).append("\" height=\"").append(f(TOP + PLOT_H - y0))
                    .append("\" fill=\"").append(BAR).append("\"><title>")
                    .append(esc(TimedMetrics.number(round(from)) + " to "
                            + TimedMetrics.number(round(from + b.widthMicros())) + " us: " + c))
                    .append("</title></rect>\n");
        }
        marker(sb, "p50", l.p50(), x, P50);
        marker(sb, "p99", l.p99(), x, P99);
        legendText(sb, new String[] {"p50 " + num(l.p50()), "p99 " + num(l.p99())}, new String[] {P50, P99});
        return close(sb);
    }

    private static String num(Double v) {
        return v == null ? "-" : TimedMetrics.number(v);
    }

    /** Coloured labels in the plot's top right corner, right to left. */
    private static void legendText(StringBuilder sb, String[] texts, String[] colors) {
        double x = LEFT + PLOT_W - 4;
        for (int i = texts.length - 1; i >= 0; i--) {
            sb.append("<text class=\"legend\" x=\"").append(f(x)).append("\" y=\"").append(TOP + 11)
                    .append("\" text-anchor=\"end\" fill=\"").append(colors[i]).append("\">").append(esc(texts[i]))
                    .append("</text>\n");
            x -= 7 * texts[i].length() + 10;
        }
    }

    private static String percentiles(StringBuilder sb, TimedMetrics.Latency l) {
        String[] names = {"p50", "p90", "p99", "p99.9", "max"};
        Double[] values = {l.p50(), l.p90(), l.p99(), l.p999(), l.max()};
        double top = 0;
        for (Double v : values) {
            top = Math.max(top, v == null ? 0 : v);
        }
        Ticks y = Ticks.of(top);
        axes(sb, null, y, "percentile", "microseconds");
        double slot = (double) PLOT_W / names.length;
        for (int i = 0; i < names.length; i++) {
            double cx = LEFT + slot * (i + 0.5);
            label(sb, cx, TOP + PLOT_H + 14, "middle", names[i]);
            if (values[i] == null) {
                continue;
            }
            double y0 = y.atY(values[i]);
            sb.append("<rect class=\"bar\" x=\"").append(f(cx - slot * 0.3)).append("\" y=\"").append(f(y0))
                    .append("\" width=\"").append(f(slot * 0.6)).append("\" height=\"").append(f(TOP + PLOT_H - y0))
                    .append("\" fill=\"").append(BAR).append("\"><title>")
                    .append(esc(names[i] + ": " + TimedMetrics.number(values[i]) + " us")).append("</title></rect>\n");
        }
        return close(sb);
    }

    /**
     * A quantity over virtual time as steps: {@code points} hold each interval's start and value, the last interval
     * ends at {@code endMicros}. A dashed line marks the horizon, when there is one.
     */
    static String overTime(String title, String yLabel, List<double[]> points, double endMicros, Double horizon) {
        StringBuilder sb = open(title);
        double top = 0;
        for (double[] p : points) {
            top = Math.max(top, p[1]);
        }
        double xEnd = Math.max(endMicros, horizon == null ? 0 : horizon);
        Ticks x = Ticks.of(xEnd);
        Ticks y = Ticks.of(Math.max(1, top));
        axes(sb, x, y, "virtual time (us)", yLabel);
        if (!points.isEmpty()) {
            StringBuilder path = new StringBuilder();
            StringBuilder area = new StringBuilder();
            double baseY = TOP + PLOT_H;
            area.append("M").append(f(x.at(points.get(0)[0]))).append(',').append(f(baseY));
            for (int i = 0; i < points.size(); i++) {
                double x0 = x.at(points.get(i)[0]);
                double x1 = x.at(i + 1 < points.size() ? points.get(i + 1)[0] : endMicros);
                double yv = y.atY(points.get(i)[1]);
                path.append(i == 0 ? "M" : "L").append(f(x0)).append(',').append(f(yv)).append(" L").append(f(x1))
                        .append(',').append(f(yv)).append(' ');
                area.append(" L").append(f(x0)).append(',').append(f(yv)).append(" L").append(f(x1)).append(',')
                        .append(f(yv));
            }
            area.append(" L").append(f(x.at(endMicros))).append(',').append(f(baseY)).append(" Z");
            sb.append("<path class=\"area\" d=\"").append(area).append("\" fill=\"").append(BAR)
                    .append("\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
            sb.append("<path class=\"line\" d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                    .append(BAR).append("\" stroke-width=\"1.5\"/>\n");
        }
        if (horizon != null) {
            double hx = x.at(horizon);
            sb.append("<line class=\"horizon\" x1=\"").append(f(hx)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                    .append(f(hx)).append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"").append(HORIZON)
                    .append("\" stroke-dasharray=\"4 3\"><title>")
                    .append(esc("horizon " + TimedMetrics.number(horizon) + " us")).append("</title></line>\n");
            label(sb, hx - 3, TOP + 10, "end", "horizon");
        }
        return close(sb);
    }

    /** Lines across the values of a sweep: one point per value and line, in microseconds. */
    static String acrossSweep(String title, String xLabel, List<String> values, List<Line> lines) {
        StringBuilder sb = open(title);
        double top = 0;
        for (Line line : lines) {
            for (Double v : line.values()) {
                top = Math.max(top, v == null ? 0 : v);
            }
        }
        Ticks y = Ticks.of(top);
        axes(sb, null, y, xLabel, "microseconds");
        double slot = (double) PLOT_W / Math.max(1, values.size());
        for (int i = 0; i < values.size(); i++) {
            label(sb, LEFT + slot * (i + 0.5), TOP + PLOT_H + 14, "middle", values.get(i));
        }
        int legend = 0;
        for (Line line : lines) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < line.values().size(); i++) {
                Double v = line.values().get(i);
                if (v == null) {
                    continue;
                }
                double cx = LEFT + slot * (i + 0.5);
                double cy = y.atY(v);
                path.append(path.length() == 0 ? "M" : " L").append(f(cx)).append(',').append(f(cy));
                sb.append("<circle class=\"point\" cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy))
                        .append("\" r=\"3\" fill=\"").append(line.color()).append("\"><title>")
                        .append(esc(line.label() + " at " + values.get(i) + ": " + TimedMetrics.number(v) + " us"))
                        .append("</title></circle>\n");
            }
            if (path.length() > 0) {
                sb.append("<path class=\"line\" d=\"").append(path).append("\" fill=\"none\" stroke=\"")
                        .append(line.color()).append("\" stroke-width=\"1.5\"/>\n");
            }
            double lx = LEFT + 8 + legend * 70;
            sb.append("<line x1=\"").append(f(lx)).append("\" y1=\"").append(TOP + 6).append("\" x2=\"")
                    .append(f(lx + 14)).append("\" y2=\"").append(TOP + 6).append("\" stroke=\"").append(line.color())
                    .append("\" stroke-width=\"2\"/>\n");
            label(sb, lx + 18, TOP + 10, "start", line.label());
            legend++;
        }
        return close(sb);
    }

    // ---- frame ---------------------------------------------------------------------------------------------------

    private static StringBuilder open(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Markup.attribute(title)).append("\">\n");
        sb.append("<title>").append(esc(title)).append("</title>\n");
        sb.append("<text class=\"chart-title\" x=\"8\" y=\"16\">").append(esc(title))
                .append("</text>\n");
        return sb;
    }

    private static String close(StringBuilder sb) {
        return sb.append("</svg>").toString();
    }

    /** Axes with gridlines; {@code x} null for a categorical x axis whose labels the chart writes itself. */
    private static void axes(StringBuilder sb, Ticks x, Ticks y, String xLabel, String yLabel) {
        for (double v : y.values()) {
            double yy = y.atY(v);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(f(yy)).append("\" x2=\"")
                    .append(LEFT + PLOT_W).append("\" y2=\"").append(f(yy)).append("\" stroke=\"#e4e4e4\"/>\n");
            label(sb, LEFT - 5, yy + 4, "end", y.format(v));
        }
        if (x != null) {
            for (double v : x.values()) {
                double xx = x.at(v);
                sb.append("<line class=\"tick\" x1=\"").append(f(xx)).append("\" y1=\"").append(TOP + PLOT_H)
                        .append("\" x2=\"").append(f(xx)).append("\" y2=\"").append(TOP + PLOT_H + 4)
                        .append("\" stroke=\"#555\"/>\n");
                label(sb, xx, TOP + PLOT_H + 15, "middle", x.format(v));
            }
        }
        sb.append("<path class=\"axis\" d=\"M").append(LEFT).append(',').append(TOP).append(" V")
                .append(TOP + PLOT_H).append(" H").append(LEFT + PLOT_W).append("\" fill=\"none\" stroke=\"#555\"/>\n");
        label(sb, LEFT + PLOT_W / 2.0, HEIGHT - 6, "middle", xLabel);
        sb.append("<text class=\"axis-label\" transform=\"translate(12,").append(TOP + PLOT_H / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");
    }

    private static void marker(StringBuilder sb, String name, Double value, Ticks x, String color) {
        if (value == null) {
            return;
        }
        double xx = x.at(value);
        sb.append("<line class=\"marker\" x1=\"").append(f(xx)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(f(xx)).append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"").append(color)
                .append("\" stroke-dasharray=\"4 3\"><title>").append(esc(name + " " + TimedMetrics.number(value)
                        + " us")).append("</title></line>\n");
    }

    private static void label(StringBuilder sb, double x, double y, String anchor, String text) {
        sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(esc(text)).append("</text>\n");
    }

    /** Coordinates with two decimals: enough for a screen, and the same text on every platform. */
    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String esc(String s) {
        return Markup.text(s);
    }

    /**
     * Axis ticks at 1, 2 or 5 times a power of ten, from the last tick at or below the data's minimum to the first
     * at or above its maximum.
     */
    record Ticks(double lo, double step, double top, int decimals) {
        static Ticks of(double max) {
            return of(0, max);
        }

        static Ticks of(double min, double max) {
            if (!(max > min)) {
                return max > 0 ? of(0, max) : new Ticks(0, 1, 1, 0);
            }
            double raw = (max - min) / 4;
            double pow = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / pow <= 1 ? pow : raw / pow <= 2 ? 2 * pow : raw / pow <= 5 ? 5 * pow : 10 * pow;
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            double lo = Math.floor(min / step + 1e-9) * step;
            double top = Math.ceil(max / step - 1e-9) * step;
            return new Ticks(lo, step, top, decimals);
        }

        List<Double> values() {
            List<Double> out = new ArrayList<>();
            int n = (int) Math.round((top - lo) / step);
            for (int i = 0; i <= n; i++) {
                out.add(lo + i * step);
            }
            return out;
        }

        String format(double v) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }

        /** The x coordinate of {@code v} on a horizontal axis. */
        double at(double v) {
            return LEFT + (v - lo) / (top - lo) * PLOT_W;
        }

        /** The y coordinate of {@code v} on a vertical axis. */
        double atY(double v) {
            return TOP + PLOT_H - (v - lo) / (top - lo) * PLOT_H;
        }
    }
}
