package io.fisherselect.math;

import io.fisherselect.math.plan.PlanInputs;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import io.fisherselect.math.testing.GoldenInstance;
import io.fisherselect.math.testing.GoldenInstance.Expected;
import io.fisherselect.math.testing.GoldenInstance.Row;
import io.fisherselect.math.testing.TinyJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end at the math level on the golden instance (src/test/resources/golden, a copy of
 * shared/golden: 400 pool items, 30 labeled, d = 6, C = 4) against the selections of an
 * independent dense float64 implementation: egl and eig-logdet, k = 8, λ = 1.
 */
class GoldenSelectionTest {
    private static final double GAIN_REL = 1e-9;

    private static void checkHeader(Expected e, String method) {
        assertEquals(method, e.method());
        assertEquals(8, e.k());
        assertEquals(1.0, e.lambda());
    }

    @Test
    void dataIsAsDescribed() {
        List<Row> pool = GoldenInstance.pool();
        List<Row> labeled = GoldenInstance.labeled();
        assertEquals(400, pool.size());
        assertEquals(30, labeled.size());
        for (Row r : pool) {
            assertEquals(6, r.embedding().length, r.id());
            assertEquals(4, r.probs().length, r.id());
        }
        for (Row r : labeled) {
            assertEquals(6, r.embedding().length, r.id());
            assertEquals(4, r.probs().length, r.id());
        }
        Map<String, Object> all = GoldenInstance.expectedJson();
        assertEquals(List.of("bait", "eig-logdet", "logdet", "egl", "grand"), List.copyOf(all.keySet()));
        assertNull(TinyJson.object(all.get("bait")).get("gains"));
        assertThrows(IllegalArgumentException.class, () -> TinyJson.parse("{\"a\": [1, 2,]}"));
    }

    @Test
    void eglMatchesTheGoldenSelection() {
        Expected e = GoldenInstance.expected("egl");
        checkHeader(e, "egl");
        SelectionParams params = SelectionParams.of(AcquisitionMethod.EGL, 8);
        List<Row> pool = GoldenInstance.pool();
        // as one block and as several (partition-like) blocks merged
        CandidateBlock all = GoldenInstance.block(pool, params.factorSpec());
        var score = MethodPlans.score(params, PlanInputs.shape(all.d, all.c, all.r).withLabeled(null, 0));
        List<TopK.Scored> top = TopK.ofBlock(all, score, 8);
        List<List<TopK.Scored>> parts = new ArrayList<>();
        for (CandidateBlock part : GoldenInstance.blocks(pool, params.factorSpec(), 7)) {
            parts.add(TopK.ofBlock(part, score, 8));
        }
        List<TopK.Scored> merged = TopK.merge(parts, 8);
        assertEquals(top, merged);

        double[] gains = e.gains();
        assertEquals(e.ids(), top.stream().map(TopK.Scored::id).toList());
        for (int t = 0; t < gains.length; t++) {
            assertRelClose(gains[t], top.get(t).score(), GAIN_REL, 0.0, "egl score of " + top.get(t).id());
        }
    }

    @Test
    void eigLogDetMatchesTheGoldenSelection() {
        Expected e = GoldenInstance.expected("eig-logdet");
        checkHeader(e, "eig-logdet");
        SelectionParams params = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 8);
        List<Row> pool = GoldenInstance.pool();
        CandidateBlock labeled = GoldenInstance.block(GoldenInstance.labeled(), params.factorSpec());
        CandidateBlock all = GoldenInstance.block(pool, params.factorSpec());
        double[] gains = e.gains();
        for (int parts : new int[] {1, 5}) {
            List<CandidateBlock> blocks = parts == 1 ? List.of(all) : GoldenInstance.blocks(pool, params.factorSpec(), parts);
            var driver = MethodPlans.greedy(params, PlanInputs.shape(all.d, all.c, all.r).withLabeled(FisherSum.of(labeled), 0));
            List<Pick> picks = GreedySelector.select(blocks, driver, 8);
            assertEquals(e.ids(), picks.stream().map(p -> p.id).toList(), "picks with " + parts + " blocks");
            for (int t = 0; t < gains.length; t++) {
                assertRelClose(gains[t], picks.get(t).gain, GAIN_REL, 0.0,
                        "eig-logdet gain of pick " + (t + 1) + " with " + parts + " blocks");
            }
        }
    }
}
