package io.fisherselect.job.report;

import java.util.List;
import java.util.Locale;

/**
 * All of FisherSelect's plotting: four chart types as self-contained inline SVG strings (no
 * scripts, no external fonts or styles), for {@link HtmlReport}. Non-finite values are skipped.
 *
 * <ul>
 *   <li>{@link #lines}: line chart, optionally with a shaded band per series (learning curves,
 *       gain per pick);</li>
 *   <li>{@link #histogram}: bar histogram with a highlighted sub-count per bin and rug ticks
 *       (score distribution with the selected items marked);</li>
 *   <li>{@link #scatter}: points with a highlighted subset drawn on top (PCA map);</li>
 *   <li>{@link #heatMap}: a labelled matrix on a diverging −1..1 colour scale (correlations).</li>
 * </ul>
 */
public final class SvgCharts {
    /** Colour-blind-friendly categorical palette (Okabe–Ito, then Tableau). */
    public static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#F0E442", "#000000", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf"};
    /** The colour of highlighted (selected) items. */
    public static final String HIGHLIGHT = "#D55E00";
    private static final String BASE = "#9db8d2";

    private static final int W = 760;
    private static final int H = 380;
    private static final int LEFT = 70;
    private static final int TOP = 36;
    private static final int BOTTOM = 52;

    private SvgCharts() {
    }

    /**
     * A line of a {@link #lines} chart; {@code lo}/{@code hi} (both null, or of x's length) are
     * drawn as a translucent band.
     */
    public record Series(String name, double[] x, double[] y, double[] lo, double[] hi) {
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null, null);
        }
    }

    /** A line chart with one colour per series, bands where given, and a legend on the right. */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        Range xr = new Range();
        Range yr = new Range();
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xr.add(s.x()[i]);
                yr.add(s.y()[i]);
                if (s.lo() != null) {
                    yr.add(s.lo()[i]);
                    yr.add(s.hi()[i]);
                }
            }
        }
        int legendWidth = series.size() > 1 || !series.get(0).name().isEmpty() ? 150 : 0;
        Frame f = new Frame(title, xLabel, yLabel, xr, yr, legendWidth);
        StringBuilder b = f.open();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = PALETTE[k % PALETTE.length];
            if (s.lo() != null && s.hi() != null) {
                StringBuilder pts = new StringBuilder();
                for (int i = 0; i < s.x().length; i++) {
                    if (finite(s.x()[i], s.hi()[i])) {
                        pts.append(fmt(f.x(s.x()[i]))).append(',').append(fmt(f.y(s.hi()[i]))).append(' ');
                    }
                }
                for (int i = s.x().length - 1; i >= 0; i--) {
                    if (finite(s.x()[i], s.lo()[i])) {
                        pts.append(fmt(f.x(s.x()[i]))).append(',').append(fmt(f.y(s.lo()[i]))).append(' ');
                    }
                }
                b.append("<polygon points=\"").append(pts.toString().trim()).append("\" fill=\"").append(colour)
                        .append("\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
            }
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (finite(s.x()[i], s.y()[i])) {
                    path.append(path.length() == 0 ? "M" : " L").append(fmt(f.x(s.x()[i]))).append(',')
                            .append(fmt(f.y(s.y()[i])));
                }
            }
            b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>\n");
            if (s.x().length <= 60) {
                for (int i = 0; i < s.x().length; i++) {
                    if (finite(s.x()[i], s.y()[i])) {
                        b.append("<circle cx=\"").append(fmt(f.x(s.x()[i]))).append("\" cy=\"").append(fmt(f.y(s.y()[i])))
                                .append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>\n");
                    }
                }
            }
            if (legendWidth > 0) {
                double ly = TOP + 14 + 18 * k;
                double lx = W - legendWidth + 12;
                b.append("<rect x=\"").append(fmt(lx)).append("\" y=\"").append(fmt(ly - 9))
                        .append("\" width=\"14\" height=\"10\" fill=\"").append(colour).append("\"/>")
                        .append(text(lx + 20, ly, "start", 12, s.name())).append('\n');
            }
        }
        return f.close(b);
    }

    /**
     * A histogram over the bins {@code edges} (length bins + 1) with {@code counts} per bin; the
     * {@code marked} sub-counts (or null) are drawn over them in the highlight colour, and the
     * {@code rug} values (or null) as ticks below the axis.
     */
    public static String histogram(String title, String xLabel, double[] edges, long[] counts, long[] marked,
                                   double[] rug, String markedLabel) {
        Range xr = new Range();
        xr.add(edges[0]);
        xr.add(edges[edges.length - 1]);
        Range yr = new Range();
        yr.add(0);
        for (long c : counts) {
            yr.add(c);
        }
        Frame f = new Frame(title, xLabel, "items", xr, yr, 0);
        StringBuilder b = f.open();
        for (int i = 0; i < counts.length; i++) {
            bar(b, f, edges[i], edges[i + 1], counts[i], BASE);
            if (marked != null && marked[i] > 0) {
                // at least 2 px high, so that one selected item in a tall bin stays visible
                double y0 = f.y(0);
                double h = Math.max(2, y0 - f.y(marked[i]));
                b.append("<rect x=\"").append(fmt(f.x(edges[i]) + 0.5)).append("\" y=\"").append(fmt(y0 - h))
                        .append("\" width=\"").append(fmt(Math.max(1, f.x(edges[i + 1]) - f.x(edges[i]) - 1)))
                        .append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(HIGHLIGHT)
                        .append("\"/>\n");
            }
        }
        if (rug != null) {
            for (double v : rug) {
                if (Double.isFinite(v)) {
                    double x = f.x(Math.max(edges[0], Math.min(edges[edges.length - 1], v)));
                    b.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
                            .append(fmt(f.y(0) + 2)).append("\" y2=\"").append(fmt(f.y(0) + 9))
                            .append("\" stroke=\"").append(HIGHLIGHT).append("\" stroke-width=\"1\"/>\n");
                }
            }
        }
        if (markedLabel != null) {
            b.append("<rect x=\"").append(W - 230).append("\" y=\"").append(TOP - 4)
                    .append("\" width=\"14\" height=\"10\" fill=\"").append(HIGHLIGHT).append("\"/>")
                    .append(text(W - 210, TOP + 5, "start", 12, markedLabel)).append('\n');
        }
        return f.close(b);
    }

    /** Points in grey-blue with the {@code highlighted} ones (or null) drawn on top in the highlight colour. */
    public static String scatter(String title, String xLabel, String yLabel, double[][] points,
                                 double[][] highlighted, String highlightLabel) {
        Range xr = new Range();
        Range yr = new Range();
        for (double[][] set : new double[][][] {points, highlighted}) {
            if (set != null) {
                for (double[] p : set) {
                    xr.add(p[0]);
                    yr.add(p[1]);
                }
            }
        }
        Frame f = new Frame(title, xLabel, yLabel, xr, yr, 0);
        StringBuilder b = f.open();
        b.append("<g fill=\"").append(BASE).append("\" fill-opacity=\"0.6\">\n");
        for (double[] p : points) {
            if (finite(p[0], p[1])) {
                b.append("<circle cx=\"").append(fmt(f.x(p[0]))).append("\" cy=\"").append(fmt(f.y(p[1])))
                        .append("\" r=\"1.8\"/>");
            }
        }
        b.append("</g>\n");
        if (highlighted != null) {
            b.append("<g fill=\"").append(HIGHLIGHT).append("\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n");
            for (double[] p : highlighted) {
                if (finite(p[0], p[1])) {
                    b.append("<circle cx=\"").append(fmt(f.x(p[0]))).append("\" cy=\"").append(fmt(f.y(p[1])))
                            .append("\" r=\"4\"/>");
                }
            }
            b.append("</g>\n");
            if (highlightLabel != null) {
                b.append("<circle cx=\"").append(W - 223).append("\" cy=\"").append(TOP + 1).append("\" r=\"4\" fill=\"")
                        .append(HIGHLIGHT).append("\"/>").append(text(W - 210, TOP + 5, "start", 12, highlightLabel))
                        .append('\n');
            }
        }
        return f.close(b);
    }

    /**
     * A square matrix of values in [−1, 1] (e.g. rank correlations) as coloured cells with the
     * value printed in each; NaN cells are grey and print "n/a".
     */
    public static String heatMap(String title, List<String> labels, double[][] values) {
        int n = labels.size();
        int cell = Math.max(28, Math.min(64, 520 / Math.max(1, n)));
        int longest = labels.stream().mapToInt(String::length).max().orElse(1);
        int labelSpace = Math.min(170, 24 + 7 * longest);
        int width = labelSpace + n * cell + 110;
        int height = TOP + labelSpace + n * cell + 16;
        StringBuilder b = new StringBuilder();
        b.append(svgOpen(width, height));
        b.append(text(width / 2.0, 22, "middle", 15, title)).append('\n');
        int x0 = labelSpace;
        int y0 = TOP + labelSpace;
        for (int i = 0; i < n; i++) {
            b.append(text(x0 - 6, y0 + i * cell + cell / 2.0 + 4, "end", 12, labels.get(i))).append('\n');
            double tx = x0 + i * cell + cell / 2.0 + 4;
            double ty = y0 - 6;
            b.append("<text x=\"").append(fmt(tx)).append("\" y=\"").append(fmt(ty))
                    .append("\" font-size=\"12\" text-anchor=\"start\" transform=\"rotate(-60 ").append(fmt(tx))
                    .append(' ').append(fmt(ty)).append(")\">").append(HtmlReport.escape(labels.get(i)))
                    .append("</text>\n");
            for (int j = 0; j < n; j++) {
                double v = values[i][j];
                b.append("<rect x=\"").append(x0 + j * cell).append("\" y=\"").append(y0 + i * cell)
                        .append("\" width=\"").append(cell).append("\" height=\"").append(cell).append("\" fill=\"")
                        .append(diverging(v)).append("\" stroke=\"#ffffff\"/>");
                String label = Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
                String ink = Double.isFinite(v) && Math.abs(v) > 0.6 ? "#ffffff" : "#222222";
                b.append("<text x=\"").append(fmt(x0 + j * cell + cell / 2.0)).append("\" y=\"")
                        .append(fmt(y0 + i * cell + cell / 2.0 + 4)).append("\" font-size=\"11\" text-anchor=\"middle\""
                                + " fill=\"").append(ink).append("\">").append(label).append("</text>\n");
            }
        }
        // colour bar −1 … 1
        int bx = x0 + n * cell + 30;
        int bh = Math.max(120, n * cell);
        for (int s = 0; s < 50; s++) {
            double v = 1 - 2.0 * s / 49;
            b.append("<rect x=\"").append(bx).append("\" y=\"").append(fmt(y0 + s * bh / 50.0)).append("\" width=\"16\""
                    + " height=\"").append(fmt(bh / 50.0 + 0.5)).append("\" fill=\"").append(diverging(v)).append("\"/>");
        }
        b.append('\n').append(text(bx + 22, y0 + 10, "start", 11, "+1")).append(text(bx + 22, y0 + bh / 2.0 + 4,
                "start", 11, "0")).append(text(bx + 22, y0 + bh, "start", 11, "−1")).append('\n');
        b.append("</svg>\n");
        return b.toString();
    }

    /** Blue (−1) – white (0) – red (+1); grey for NaN. */
    static String diverging(double v) {
        if (!Double.isFinite(v)) {
            return "#cccccc";
        }
        double t = Math.max(-1, Math.min(1, v));
        int[] lo = {33, 102, 172};
        int[] hi = {178, 24, 43};
        int[] end = t < 0 ? lo : hi;
        double a = Math.abs(t);
        int r = (int) Math.round(255 + (end[0] - 255) * a);
        int g = (int) Math.round(255 + (end[1] - 255) * a);
        int bl = (int) Math.round(255 + (end[2] - 255) * a);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    private static void bar(StringBuilder b, Frame f, double x0, double x1, long count, String colour) {
        if (count <= 0) {
            return;
        }
        double top = f.y(count);
        b.append("<rect x=\"").append(fmt(f.x(x0) + 0.5)).append("\" y=\"").append(fmt(top)).append("\" width=\"")
                .append(fmt(Math.max(1, f.x(x1) - f.x(x0) - 1))).append("\" height=\"")
                .append(fmt(f.y(0) - top)).append("\" fill=\"").append(colour).append("\"/>\n");
    }

    /** The plot area of an x–y chart: scales, axes with ticks, grid and labels. */
    private static final class Frame {
        final String title;
        final String xLabel;
        final String yLabel;
        final double xMin;
        final double xMax;
        final double yMin;
        final double yMax;
        final double[] xTicks;
        final double[] yTicks;
        final int right;

        Frame(String title, String xLabel, String yLabel, Range xr, Range yr, int legendWidth) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.right = W - 16 - legendWidth;
            xTicks = ticks(xr.min(), xr.max(), 8);
            yTicks = ticks(yr.min(), yr.max(), 6);
            xMin = Math.min(xr.min(), xTicks[0]);
            xMax = Math.max(xr.max(), xTicks[xTicks.length - 1]);
            yMin = Math.min(yr.min(), yTicks[0]);
            yMax = Math.max(yr.max(), yTicks[yTicks.length - 1]);
        }

        double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * (right - LEFT);
        }

        double y(double v) {
            return H - BOTTOM - (v - yMin) / (yMax - yMin) * (H - BOTTOM - TOP);
        }

        StringBuilder open() {
            StringBuilder b = new StringBuilder(svgOpen(W, H));
            b.append(text(W / 2.0, 22, "middle", 15, title)).append('\n');
            b.append("<g stroke=\"#e5e5e5\" stroke-width=\"1\">");
            for (double t : yTicks) {
                b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(right).append("\" y1=\"").append(fmt(y(t)))
                        .append("\" y2=\"").append(fmt(y(t))).append("\"/>");
            }
            b.append("</g>\n");
            return b;
        }

        String close(StringBuilder b) {
            int bottom = H - BOTTOM;
            b.append("<g stroke=\"#444444\" stroke-width=\"1\"><line x1=\"").append(LEFT).append("\" x2=\"").append(right)
                    .append("\" y1=\"").append(bottom).append("\" y2=\"").append(bottom).append("\"/><line x1=\"")
                    .append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(bottom).append("\"/></g>\n");
            for (double t : xTicks) {
                b.append("<line x1=\"").append(fmt(x(t))).append("\" x2=\"").append(fmt(x(t))).append("\" y1=\"").append(bottom)
                        .append("\" y2=\"").append(bottom + 4).append("\" stroke=\"#444444\"/>")
                        .append(text(x(t), bottom + 17, "middle", 11, tick(t)));
            }
            for (double t : yTicks) {
                b.append(text(LEFT - 6, y(t) + 4, "end", 11, tick(t)));
            }
            b.append('\n').append(text((LEFT + right) / 2.0, H - 12, "middle", 12, xLabel));
            double cy = (TOP + bottom) / 2.0;
            b.append("<text x=\"16\" y=\"").append(fmt(cy)).append("\" font-size=\"12\" text-anchor=\"middle\""
                    + " transform=\"rotate(-90 16 ").append(fmt(cy)).append(")\">").append(HtmlReport.escape(yLabel))
                    .append("</text>\n</svg>\n");
            return b.toString();
        }
    }

    /** Min and max of the finite values added (0..1 when there are none; widened when flat). */
    private static final class Range {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;

        void add(double v) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }

        double min() {
            if (lo > hi) {
                return 0;
            }
            return lo == hi ? lo - Math.max(0.5, Math.abs(lo) * 0.05) : lo;
        }

        double max() {
            if (lo > hi) {
                return 1;
            }
            return lo == hi ? hi + Math.max(0.5, Math.abs(hi) * 0.05) : hi;
        }
    }

    /** About {@code n} round tick values (steps of 1, 2 or 5 × 10ᵏ) covering [lo, hi]. */
    static double[] ticks(double lo, double hi, int n) {
        double span = hi - lo;
        double raw = span / n;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = first + i * step;
            if (Math.abs(t[i]) < step * 1e-9) {
                t[i] = 0;
            }
        }
        return t;
    }

    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String svgOpen(int width, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"sans-serif\" role=\"img\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    }

    private static String text(double x, double y, String anchor, int size, String s) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"" + size + "\" text-anchor=\"" + anchor
                + "\">" + HtmlReport.escape(s) + "</text>";
    }

    private static boolean finite(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
