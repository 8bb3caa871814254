package io.fisherselect.math.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.score.RandomScore;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code random}: a uniform k-subset, independent of how the pool is split. */
class RandomScoreTest {

    @Test
    void everyPairIsEquallyLikely() {
        RandomProblems pr = RandomProblems.classification(3, "r", 6, 2, 3);
        CandidateBlock b = pr.block(FactorSpec.fisher());
        int pairs = 15;
        long[] counts = new long[pairs];
        int n = 30_000;
        for (long seed = 0; seed < n; seed++) {
            List<TopK.Scored> top = TopK.ofBlock(b, RandomScore.uniform(seed), 2);
            int i = Integer.parseInt(top.get(0).id().substring(1));
            int j = Integer.parseInt(top.get(1).id().substring(1));
            int lo = Math.min(i, j);
            int hi = Math.max(i, j);
            // index of the pair (lo, hi) among the 15
            counts[lo * 6 - lo * (lo + 1) / 2 + (hi - lo - 1)]++;
        }
        double[] p = new double[pairs];
        java.util.Arrays.fill(p, 1.0 / pairs);
        double chi = ChiSquare.statistic(counts, p, n);
        assertTrue(chi < ChiSquare.bound(pairs - 1), "χ²=" + chi);
    }

    @Test
    void independentOfBlockSplitAndRowOrder() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "q", 50, 2, 3);
            ItemScore s = RandomScore.uniform(seed);
            List<TopK.Scored> expected = TopK.ofBlock(pr.block(FactorSpec.fisher()), s, 9);
            for (int parts : new int[] {2, 5, 50}) {
                List<CandidateBlock> blocks = new ArrayList<>(pr.blocks(FactorSpec.fisher(), parts));
                Collections.reverse(blocks);
                List<List<TopK.Scored>> per = new ArrayList<>();
                for (CandidateBlock b : blocks) {
                    per.add(TopK.ofBlock(b, s, 9));
                }
                assertEquals(expected, TopK.merge(per, 9));
            }
            // a different seed gives a different subset (with overwhelming probability)
            assertTrue(!expected.equals(TopK.ofBlock(pr.block(FactorSpec.fisher()), RandomScore.uniform(seed + 1), 9)));
        }
    }
}
