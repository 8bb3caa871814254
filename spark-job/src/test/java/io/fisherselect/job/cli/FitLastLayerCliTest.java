package io.fisherselect.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.report.Chromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code select --fit-last-layer} on a pool with embeddings only: the fitted layer's coefficients
 * in report.json, a self-contained report.html that renders in headless Chromium, and the refusal
 * without a labeled set.
 */
class FitLastLayerCliTest {
    private static final int D = 4;
    private static final int C = 3;

    @TempDir
    Path tmp;

    /** A pool without probabilities (embeddings only) and a labeled set with labels. */
    private String[] inputs() throws Exception {
        TestSet pool = TestSet.classification(11, "p", 200, D, C, false);
        List<TestSet.Row0> bare = new ArrayList<>();
        for (TestSet.Row0 r : pool.rows) {
            bare.add(new TestSet.Row0(r.id(), r.embedding(), null, null));
        }
        TestSet labeled = TestSet.classification(12, "l", 30, D, C, true);
        List<TestSet.Row0> labels = new ArrayList<>();
        for (TestSet.Row0 r : labeled.rows) {
            // labels that the embedding predicts, so that the fit has something to learn
            int y = r.embedding()[0] > 0.5 ? 2 : r.embedding()[0] < -0.5 ? 0 : 1;
            labels.add(new TestSet.Row0(r.id(), r.embedding(), null, y));
        }
        return new String[] {new TestSet(bare, D, C).writeJsonl(tmp, "pool"),
            new TestSet(labels, D, C).writeJsonl(tmp, "labeled")};
    }

    @Test
    void fitsTheLastLayerAndWritesAReportThatRenders() throws Exception {
        String[] in = inputs();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("select", "--pool", in[0], "--labeled", in[1], "--fit-last-layer", "--method",
                "eig-logdet", "--k", "8", "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.toString());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.path("config").path("fitLastLayer").asBoolean());
        JsonNode layer = report.path("lastLayer");
        assertEquals(C, layer.path("classes").asInt());
        assertEquals(30, layer.path("nLabeled").asInt());
        assertEquals(1.0 / 30, layer.path("regParam").asDouble(), 1e-15);
        assertEquals(C, layer.path("coefficients").size());
        assertEquals(D, layer.path("coefficients").get(0).size());
        assertEquals(C, layer.path("intercepts").size());
        assertTrue(report.path("timings").has("fit") && report.path("timings").has("report"));
        assertEquals(9, Files.readAllLines(out.resolve("selection.csv")).size());

        Path html = out.resolve("report.html");
        String page = Files.readString(html);
        assertTrue(page.contains("eig-logdet single-item gain"), "histogram of the method's single-item gain");
        assertTrue(page.contains("gain per pick") && page.contains("principal components"));
        assertFalse(page.contains("<script") || page.contains("https:"), "self-contained");
        assertEquals(3, page.split("<svg ", -1).length - 1, "gain per pick, histogram, PCA map");

        String chromium = Chromium.binary();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed; screenshot skipped");
        BufferedImage img = Chromium.screenshot(chromium, html, tmp.resolve("select.png"), 1200, 2000);
        assertTrue(Chromium.inkFraction(img) > 0.02, "blank screenshot");
        assertTrue(Chromium.colours(img) > 20, "screenshot has too few colours");
    }

    @Test
    void refusesWithoutALabeledSet() throws Exception {
        String[] in = inputs();
        CliRun run = CliRun.of("select", "--pool", in[0], "--fit-last-layer", "--method", "entropy", "--k", "3",
                "--out", tmp.resolve("out2").toString(), "--master", "local[2]");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--fit-last-layer") && run.err().contains("--labeled"), run.toString());
        assertFalse(Files.exists(tmp.resolve("out2")));
    }
}
