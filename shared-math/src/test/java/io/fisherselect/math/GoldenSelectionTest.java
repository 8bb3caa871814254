package io.fisherselect.math;

import io.fisherselect.math.select.PlanInputs;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.select.MethodPlans;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.SelectionParams;
import io.fisherselect.math.select.TopK;
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

    /** One row of the data contract. */
    record Row(String id, double[] embedding, double[] probs, int label) {
    }

    private static List<Row> rows(String resource) {
        List<Row> out = new ArrayList<>();
        for (Object line : TinyJson.parseLines(TinyJson.resource(resource))) {
            Map<String, Object> o = TinyJson.object(line);
            double label = (Double) o.get("label");
            out.add(new Row((String) o.get("id"), TinyJson.doubles(o.get("embedding")), TinyJson.doubles(o.get("probs")),
                    (int) label));
        }
        return out;
    }

    private static CandidateBlock block(List<Row> rows, SelectionParams params) {
        int c = rows.get(0).probs().length;
        CandidateBlockBuilder b = new CandidateBlockBuilder(params.factorSpec(), c);
        for (Row r : rows) {
            b.add(r.id(), r.embedding(), r.probs(), r.label());
        }
        return b.build(rows.get(0).embedding().length);
    }

    private static Map<String, Object> expected(String method) {
        return TinyJson.object(TinyJson.object(TinyJson.parse(TinyJson.resource("golden/expected.json"))).get(method));
    }

    private static List<String> ids(Map<String, Object> e) {
        List<String> out = new ArrayList<>();
        for (Object o : TinyJson.array(e.get("ids"))) {
            out.add((String) o);
        }
        return out;
    }

    private static void checkHeader(Map<String, Object> e, String method) {
        assertEquals(method, e.get("method"));
        assertEquals(8.0, (Double) e.get("k"));
        assertEquals(1.0, (Double) e.get("lambda"));
    }

    @Test
    void dataIsAsDescribed() {
        List<Row> pool = rows("golden/pool.jsonl");
        List<Row> labeled = rows("golden/labeled.jsonl");
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
        Map<String, Object> all = TinyJson.object(TinyJson.parse(TinyJson.resource("golden/expected.json")));
        assertEquals(List.of("bait", "eig-logdet", "logdet", "egl", "grand"), List.copyOf(all.keySet()));
        assertNull(TinyJson.object(all.get("bait")).get("gains"));
        assertThrows(IllegalArgumentException.class, () -> TinyJson.parse("{\"a\": [1, 2,]}"));
    }

    @Test
    void eglMatchesTheGoldenSelection() {
        Map<String, Object> e = expected("egl");
        checkHeader(e, "egl");
        SelectionParams params = SelectionParams.of(AcquisitionMethod.EGL, 8);
        List<Row> pool = rows("golden/pool.jsonl");
        // as one block and as several (partition-like) blocks merged
        CandidateBlock all = block(pool, params);
        var score = MethodPlans.score(params, PlanInputs.shape(all.d, all.c, all.r).withLabeled(null, 0));
        List<TopK.Scored> top = TopK.ofBlock(all, score, 8);
        List<List<TopK.Scored>> parts = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            List<Row> part = new ArrayList<>();
            for (int i = p; i < pool.size(); i += 7) {
                part.add(pool.get(i));
            }
            parts.add(TopK.ofBlock(block(part, params), score, 8));
        }
        List<TopK.Scored> merged = TopK.merge(parts, 8);
        assertEquals(top, merged);

        double[] gains = TinyJson.doubles(e.get("gains"));
        assertEquals(ids(e), top.stream().map(TopK.Scored::id).toList());
        for (int t = 0; t < gains.length; t++) {
            assertRelClose(gains[t], top.get(t).score(), GAIN_REL, 0.0, "egl score of " + top.get(t).id());
        }
    }

    @Test
    void eigLogDetMatchesTheGoldenSelection() {
        Map<String, Object> e = expected("eig-logdet");
        checkHeader(e, "eig-logdet");
        SelectionParams params = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 8);
        List<Row> pool = rows("golden/pool.jsonl");
        CandidateBlock labeled = block(rows("golden/labeled.jsonl"), params);
        CandidateBlock all = block(pool, params);
        double[] gains = TinyJson.doubles(e.get("gains"));
        for (int parts : new int[] {1, 5}) {
            List<CandidateBlock> blocks = new ArrayList<>();
            if (parts == 1) {
                blocks.add(all);
            } else {
                for (int p = 0; p < parts; p++) {
                    List<Row> part = new ArrayList<>();
                    for (int i = p; i < pool.size(); i += parts) {
                        part.add(pool.get(i));
                    }
                    blocks.add(block(part, params));
                }
            }
            var driver = MethodPlans.greedy(params, PlanInputs.shape(all.d, all.c, all.r).withLabeled(FisherSum.of(labeled), 0));
            List<Pick> picks = GreedySelector.select(blocks, driver, 8);
            assertEquals(ids(e), picks.stream().map(p -> p.id).toList(), "picks with " + parts + " blocks");
            for (int t = 0; t < gains.length; t++) {
                assertRelClose(gains[t], picks.get(t).gain, GAIN_REL, 0.0,
                        "eig-logdet gain of pick " + (t + 1) + " with " + parts + " blocks");
            }
        }
    }
}
