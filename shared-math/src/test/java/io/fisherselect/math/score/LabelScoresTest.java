package io.fisherselect.math.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import org.junit.jupiter.api.Test;

/** grand and el2n against the dense gradient (π − e_y) ⊗ φ. */
class LabelScoresTest {

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void grandIsTheDenseGradientNormAndEl2nTheErrorNorm() {
        for (long seed = 0; seed < 25; seed++) {
            RandomProblems pr = RandomProblems.classification(100 + seed, "g", 25, 2 + (int) (seed % 4), 2 + (int) (seed % 5));
            boolean bias = seed % 2 == 1;
            CandidateBlock b = pr.block(new FactorSpec(FactorSpec.Kind.LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0, 1.0, bias));
            for (int i = 0; i < pr.n; i++) {
                double[] phi = b.phiOf(i);
                double[] err = pr.probs[i].clone();
                err[pr.labels[i]] -= 1;
                assertEquals(norm(DenseFisher.gradient(phi, pr.probs[i], pr.labels[i])),
                        LabelScores.grand().score(b, i, null), 1e-12);
                assertEquals(norm(err), LabelScores.el2n().score(b, i, null), 1e-15);
            }
        }
    }

    @Test
    void missingLabelNamesTheItem() {
        CandidateBlock b = new CandidateBlockBuilder(FactorSpec.fisher(), 2)
                .add("a", new double[] {1}, new double[] {0.5, 0.5}, 1)
                .add("unlabeled-7", new double[] {1}, new double[] {0.5, 0.5}, -1)
                .build(1);
        assertEquals(Math.sqrt(0.5), LabelScores.el2n().score(b, 0, null), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelScores.grand().score(b, 1, null));
        assertTrue(e.getMessage().contains("unlabeled-7"), e.getMessage());
    }
}
