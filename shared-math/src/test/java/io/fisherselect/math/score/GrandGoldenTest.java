package io.fisherselect.math.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
import io.fisherselect.math.testing.GoldenInstance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden "grand" selection (shared/golden, copied to test resources). */
class GrandGoldenTest {

    @Test
    void top8GrandMatchesTheGoldenSelection() {
        GoldenInstance.Expected expected = GoldenInstance.expected("grand");
        CandidateBlock block = GoldenInstance.block(GoldenInstance.pool(), new FactorSpec(FactorSpec.Kind.LABEL_GRADIENT,
                FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false));
        assertEquals(400, block.n);
        int k = expected.k();
        List<TopK.Scored> top = TopK.ofBlock(block, LabelScores.grand(), k);
        List<String> ids = expected.ids();
        double[] gains = expected.gains();
        assertEquals(ids.size(), top.size());
        for (int i = 0; i < k; i++) {
            assertEquals(ids.get(i), top.get(i).id(), "rank " + (i + 1));
            assertEquals(gains[i], top.get(i).score(), 1e-9 * Math.abs(gains[i]), "rank " + (i + 1));
        }
    }
}
