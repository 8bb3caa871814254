package io.fisherselect.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page and its charts: self-contained, well-formed, and not blank in headless Chromium. */
class HtmlReportTest {

    /** A page with one chart of each kind. */
    static String samplePage() {
        Random rnd = new Random(1);
        double[] x = {20, 30, 40, 50, 60};
        double[] y1 = {0.5, 0.6, 0.68, 0.72, 0.75};
        double[] y2 = {0.5, 0.65, 0.74, 0.8, 0.84};
        double[] lo = new double[5];
        double[] hi = new double[5];
        for (int i = 0; i < 5; i++) {
            lo[i] = y2[i] - 0.03;
            hi[i] = y2[i] + 0.03;
        }
        double[] edges = new double[21];
        long[] counts = new long[20];
        long[] marked = new long[20];
        for (int i = 0; i <= 20; i++) {
            edges[i] = i * 0.1;
        }
        for (int i = 0; i < 20; i++) {
            counts[i] = 100 - 4L * i;
            marked[i] = i > 16 ? 3 : 0;
        }
        double[][] pts = new double[300][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new double[] {rnd.nextGaussian(), rnd.nextGaussian() * 0.5};
        }
        double[][] sel = {{1.5, 0.2}, {-1, -0.8}};
        return new HtmlReport("Sample <report> & charts")
                .facts(Map.of("method", "eig-logdet", "k", 20))
                .heading("Curves")
                .figure(SvgCharts.lines("accuracy", "labels", "accuracy", List.of(
                        new SvgCharts.Series("random", x, y1),
                        new SvgCharts.Series("eig-logdet", x, y2, lo, hi))), "mean and 95% band")
                .figure(SvgCharts.histogram("scores", "score", edges, counts, marked, new double[] {1.75, 1.9},
                        "selected"), null)
                .figure(SvgCharts.scatter("PCA", "PC 1", "PC 2", pts, sel, "selected"), null)
                .figure(SvgCharts.heatMap("Spearman", List.of("a", "b", "c"),
                        new double[][] {{1, 0.5, -0.2}, {0.5, 1, Double.NaN}, {-0.2, Double.NaN, 1}}), null)
                .table(List.of("method", "AUC"), List.of(List.of("random", "0.70")))
                .render();
    }

    @Test
    void pageIsSelfContained() {
        String html = samplePage();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "no network references");
        assertTrue(html.contains("Sample &lt;report&gt; &amp; charts"), "titles are escaped");
        assertEquals(4, html.split("<svg ", -1).length - 1);
        assertEquals(html.split("<svg ", -1).length, html.split("</svg>", -1).length);
        assertFalse(html.contains("NaN\""), "no NaN coordinates");
    }

    @Test
    void ticksAreRound() {
        double[] t = SvgCharts.ticks(0.13, 0.91, 6);
        assertEquals(0.0, t[0], 1e-12);
        assertEquals(1.0, t[t.length - 1], 1e-12);
        assertEquals("0.25", SvgCharts.tick(0.25));
        assertEquals("#ffffff", SvgCharts.diverging(0));
    }

    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        String chromium = Chromium.binary();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed; screenshot test skipped");
        Path html = dir.resolve("report.html");
        Files.writeString(html, samplePage());
        BufferedImage img = Chromium.screenshot(chromium, html, dir.resolve("shot.png"), 1200, 2000);
        assertEquals(1200, img.getWidth());
        double ink = Chromium.inkFraction(img);
        int colours = Chromium.colours(img);
        assertTrue(ink > 0.02, "screenshot is blank: " + ink + " of the pixels are not white");
        assertTrue(colours > 20, "screenshot has only " + colours + " colours");
    }
}
