package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.select.Pick;


import static io.fisherselect.math.method.LogDetTestSupport.params;
import static io.fisherselect.math.method.LogDetTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.testing.GoldenInstance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden {@code logdet} selection (golden/README.md): pool.jsonl (400 items, d = 6, C = 4),
 * k = 8, λ = 1, dot kernel, hard pseudo-labels; ids and gains of expected.json "logdet".
 */
class LogDetSimilarityGoldenTest {

    @Test
    void matchesGoldenSelection() {
        CandidateBlock pool = GoldenInstance.block(GoldenInstance.pool(), spec());
        assertEquals(400, pool.n);
        assertEquals(4, pool.c);
        int d = pool.d;
        assertEquals(6, d);
        GoldenInstance.Expected expected = GoldenInstance.expected("logdet");
        assertNotNull(expected);
        int k = expected.k();
        double lambda = expected.lambda();
        List<String> ids = expected.ids();
        double[] gains = expected.gains();

        List<Pick> picks = GreedySelector.select(List.of(pool),
                LogDetSimilarity.driver(params(k, lambda), Kernel.DOT, d, 4), k);
        assertEquals(ids, picks.stream().map(p -> p.id).toList());
        for (int t = 0; t < k; t++) {
            double diff = Math.abs(picks.get(t).gain - gains[t]);
            assertTrue(diff <= 1e-9 * Math.abs(gains[t]), "gain " + t + ": " + picks.get(t).gain + " vs " + gains[t]);
        }
    }
}
