package io.fisherselect.job.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.report.SelectionWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --approximation} end to end, with the limits of {@code auto} forced low: a pool with
 * d = 16, C = 3 (D = 48) above a dimension limit of 32 is sketched by {@code auto} to m = 10
 * (C·m = 30 ≤ 32) — the same batch as {@code --sketch 10} — and report.json says so; {@code exact}
 * runs unsketched (the batch of the default limits), and is refused when its D×D matrices do not
 * fit a forced-low heap.
 */
class ApproximationJobTest {
    @TempDir
    static Path dir;
    private static String pool;
    private static String labeled;

    @BeforeAll
    static void sets() throws IOException {
        pool = TestSet.classification(811, "p", 120, 16, 3, true).writeJsonl(dir, "pool");
        labeled = TestSet.classification(812, "l", 20, 16, 3, true).writeJsonl(dir, "labeled");
    }

    private static Selection run(FisherSelector params, ApproximationChoice.Limits limits) {
        SelectConfig config = new SelectConfig(RunOptions.ofPaths(pool, labeled, null),
                params.setMethod("eig-logdet").setK(6).setSeed(3));
        return new SelectionJob(LocalSpark.session()).run(config, limits);
    }

    private static List<String> ids(Selection s) {
        return s.picks().stream().map(Selection.Picked::id).toList();
    }

    private static List<Double> gains(Selection s) {
        return s.picks().stream().map(Selection.Picked::gain).toList();
    }

    @Test
    void autoSketchesAboveTheLimitAndReportsItExactDoesNot() {
        ApproximationChoice.Limits low = new ApproximationChoice.Limits(32, Runtime.getRuntime().maxMemory());
        Selection auto = run(new FisherSelector(), low);
        assertEquals("sketch", auto.approximation().ran());
        assertEquals(10, auto.approximation().sketch());
        assertEquals(10L, auto.sizes().get("d"));
        assertEquals(30L, auto.sizes().get("D"));
        JsonNode report = SelectionWriter.report(auto);
        assertEquals("sketch", report.get("approximation").get("ran").asText());
        assertEquals(10, report.get("approximation").get("sketch").asInt());
        assertTrue(report.get("approximation").get("reason").asText().startsWith("auto: D = 48 > 32"),
                report.get("approximation").toString());
        // the config keeps the params as given
        assertEquals("auto", report.get("config").get("approximation").asText());
        assertEquals(0, report.get("config").get("sketch").asInt());

        // the same batch as the sketch given by hand
        Selection given = run(new FisherSelector().setSketch(10), ApproximationChoice.Limits.of());
        assertEquals(ids(given), ids(auto));
        assertEquals(gains(given), gains(auto));

        // exact ignores the low limit: unsketched, the batch of the default limits
        Selection exact = run(new FisherSelector().setApproximation("exact"), low);
        assertEquals("exact", exact.approximation().ran());
        assertEquals(0, exact.approximation().sketch());
        assertEquals(16L, exact.sizes().get("d"));
        Selection dflt = run(new FisherSelector(), ApproximationChoice.Limits.of());
        assertEquals("exact", dflt.approximation().ran(), dflt.approximation().reason());
        assertEquals(ids(dflt), ids(exact));
        assertEquals(gains(dflt), gains(exact));
        assertNotEquals(gains(exact), gains(auto));
        assertEquals("exact", SelectionWriter.report(exact).get("approximation").get("ran").asText());
    }

    @Test
    void exactIsRefusedWhenItsMatricesCannotFitTheDriver() {
        // six D×D matrices at D = 48: 6·8·48² = 110,592 bytes, more than a heap of 100,000
        InputException e = assertThrows(InputException.class,
                () -> run(new FisherSelector().setApproximation("exact"), new ApproximationChoice.Limits(8192, 100_000)));
        assertTrue(e.getMessage().startsWith("--approximation exact: eig-logdet holds 6 D×D matrices on the driver, at"
                + " D = 48 (C = 3, d = 16)"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the driver's heap"), e.getMessage());
    }
}
