package io.fisherselect.math.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.testing.RandomProblems;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** entropy, margin and least-confidence against their formulas. */
class PredictionScoresTest {

    @Test
    void scoresMatchTheirFormulasOnRandomProblems() {
        for (long seed = 0; seed < 25; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "x", 30, 3, 2 + (int) (seed % 6));
            CandidateBlock b = pr.block(FactorSpec.fisher());
            for (int i = 0; i < pr.n; i++) {
                double[] p = pr.probs[i];
                double h = 0;
                for (double x : p) {
                    h += x == 0 ? 0 : -x * Math.log(x);
                }
                double[] sorted = p.clone();
                Arrays.sort(sorted);
                double top1 = sorted[sorted.length - 1];
                double top2 = sorted[sorted.length - 2];
                assertEquals(h, PredictionScores.entropy().score(b, i, null), 1e-12);
                assertEquals(-(top1 - top2), PredictionScores.margin().score(b, i, null), 1e-15);
                assertEquals(1 - top1, PredictionScores.leastConfidence().score(b, i, null), 1e-15);
            }
        }
    }

    @Test
    void edgeCasesAndOrientation() {
        CandidateBlock b = new CandidateBlockBuilder(FactorSpec.fisher(), 3)
                .add("onehot", new double[] {1}, new double[] {0, 1, 0}, -1)
                .add("uniform", new double[] {1}, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, -1)
                .add("tie", new double[] {1}, new double[] {0.45, 0.1, 0.45}, -1)
                .build(1);
        assertEquals(0.0, PredictionScores.entropy().score(b, 0, null));
        assertEquals(Math.log(3), PredictionScores.entropy().score(b, 1, null), 1e-15);
        assertEquals(-1.0, PredictionScores.margin().score(b, 0, null));
        assertEquals(0.0, PredictionScores.margin().score(b, 2, null), 0.0);
        assertEquals(0.0, PredictionScores.leastConfidence().score(b, 0, null));
        assertEquals(2.0 / 3, PredictionScores.leastConfidence().score(b, 1, null), 1e-15);
        // larger = more uncertain for all three
        for (ItemScore s : new ItemScore[] {PredictionScores.entropy(), PredictionScores.margin(),
                PredictionScores.leastConfidence()}) {
            assertTrue(s.score(b, 1, null) > s.score(b, 0, null));
        }
    }

    @Test
    void regressionBlocksAreRejected() {
        CandidateBlock b = new CandidateBlockBuilder(
                new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.GAUSSIAN, 0, 1.0, false), 1)
                .add("r", new double[] {1, 2}, null, -1).build(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionScores.entropy().score(b, 0, null));
        assertTrue(e.getMessage().contains("probabilities"), e.getMessage());
    }
}
