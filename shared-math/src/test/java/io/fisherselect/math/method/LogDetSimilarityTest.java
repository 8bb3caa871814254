package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.select.Pick;

import static io.fisherselect.math.method.LogDetTestSupport.BRUTE_FORCE_SEEDS;
import static io.fisherselect.math.method.LogDetTestSupport.assertGain;
import static io.fisherselect.math.method.LogDetTestSupport.assertMatches;
import static io.fisherselect.math.method.LogDetTestSupport.assertSeveralBlocksPickTheSameAsOne;
import static io.fisherselect.math.method.LogDetTestSupport.params;
import static io.fisherselect.math.method.LogDetTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.method.LogDetTestSupport.BruteForceCase;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** {@code logdet}: greedy log det(S_B + λI) against the similarity-space definition, eq. (76). */
class LogDetSimilarityTest {
    private static final double[] LAMBDAS = {1.0, 0.5, 2.0, 0.1};

    private static void checkAgainstBruteForce(Kernel kernel) {
        for (long seed = 1; seed <= BRUTE_FORCE_SEEDS; seed++) {
            BruteForceCase cs = BruteForceCase.of(seed, LAMBDAS);
            LogDetBruteForce oracle = new LogDetBruteForce(kernel, cs.lambda(), 1.0, 1.0, cs.pool(), null, null);
            List<LogDetBruteForce.Step> expected = oracle.greedy(oracle::logdet, cs.k());
            List<Pick> actual = cs.select(LogDetSimilarity.driver(params(cs.k(), cs.lambda()), kernel, cs.d(), cs.c()));
            assertMatches(expected, actual, kernel + " seed " + seed);
        }
    }

    @Test
    void dotKernelMatchesBruteForce() {
        checkAgainstBruteForce(Kernel.DOT);
    }

    @Test
    void cosineKernelMatchesBruteForce() {
        checkAgainstBruteForce(Kernel.COSINE);
    }

    @Test
    void severalBlocksPickTheSameAsOne() {
        assertSeveralBlocksPickTheSameAsOne((kernel, seed) -> LogDetSimilarity.driver(params(10, 1.0), kernel, 4, 3));
    }

    /**
     * Prop. 6.1 (matrix determinant lemma): log det(λI_D + Σ g gᵀ) − D log λ
     * = log det(λI_k + GᵀG) − k log λ; and the greedy gains add up to both.
     */
    @Test
    void weightSpaceAndSimilaritySpaceLogDetAgree() {
        for (long seed = 1; seed <= 20; seed++) {
            int d = 4;
            int c = 3;
            int dim = c * d;
            double lambda = LAMBDAS[(int) (seed % LAMBDAS.length)];
            int k = 5 + (int) (seed % 10);
            RandomProblems pool = RandomProblems.classification(200 + seed, "p", 40, d, c);
            double[][] g = LogDetBruteForce.vectors(Kernel.DOT, pool);
            List<Integer> set = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                set.add(i);
            }
            DMatrixRMaj weight = DenseFisher.identity(dim, lambda);
            for (int i : set) {
                DMatrixRMaj col = DenseFisher.column(g[i]);
                CommonOps_DDRM.multAddTransB(col, col, weight);
            }
            double weightSpace = DenseFisher.logDet(weight) - dim * Math.log(lambda);
            LogDetBruteForce oracle = new LogDetBruteForce(Kernel.DOT, lambda, 1.0, 1.0, pool, null, null);
            double similaritySpace = oracle.logdet(set) - k * Math.log(lambda);
            assertGain(similaritySpace, weightSpace, "Prop. 6.1, seed " + seed);

            List<Pick> picks = GreedySelector.select(List.of(pool.block(spec())),
                    LogDetSimilarity.driver(params(k, lambda), Kernel.DOT, d, c), k);
            List<Integer> chosen = new ArrayList<>();
            DMatrixRMaj m = DenseFisher.identity(dim, lambda);
            double sum = 0;
            for (Pick p : picks) {
                sum += p.gain;
                int i = List.of(pool.ids).indexOf(p.id);
                chosen.add(i);
                DMatrixRMaj col = DenseFisher.column(g[i]);
                CommonOps_DDRM.multAddTransB(col, col, m);
            }
            assertGain(oracle.logdet(chosen), sum, "Σ gains = log det(S_B + λI), seed " + seed);
            assertGain(DenseFisher.logDet(m) - dim * Math.log(lambda), sum - k * Math.log(lambda),
                    "Σ (gain − log λ) = log det(λI_D + Σ_B g gᵀ) − D log λ, seed " + seed);
        }
    }

    /** Cosine: a zero gradient (one-hot π, or φ = 0) has kernel row 0 and adds exactly log λ. */
    @Test
    void zeroGradientUnderCosineAddsLogLambda() {
        int d = 3;
        int c = 3;
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec(), c);
        b.add("a", new double[] {1, 2, 0.5}, new double[] {0.5, 0.3, 0.2}, -1);
        b.add("b", new double[] {-1, 0.2, 0.7}, new double[] {0.2, 0.1, 0.7}, -1);
        b.add("z1", new double[] {1, 1, 1}, new double[] {0, 1, 0}, -1);
        b.add("z2", new double[] {0, 0, 0}, new double[] {0.3, 0.3, 0.4}, -1);
        double lambda = 0.7;
        List<Pick> picks = GreedySelector.select(List.of(b.build(d)),
                LogDetSimilarity.driver(params(4, lambda), Kernel.COSINE, d, c), 4);
        assertEquals(List.of("a", "b", "z1", "z2"), picks.stream().map(p -> p.id).toList());
        // S_ii = 1 for a unit vector: the first pick adds log(1 + λ)
        assertGain(Math.log(1 + lambda), picks.get(0).gain, "first gain");
        assertEquals(Math.log(lambda), picks.get(2).gain, 1e-15);
        assertEquals(Math.log(lambda), picks.get(3).gain, 1e-15);
    }

    @Test
    void rejectsFisherFactors() {
        RandomProblems pool = RandomProblems.classification(1, "p", 5, 3, 3);
        CandidateBlock fisher = pool.block(io.fisherselect.math.fisher.FactorSpec.fisher());
        assertThrows(IllegalArgumentException.class, () -> GreedySelector.select(List.of(fisher),
                LogDetSimilarity.driver(params(2, 1.0), Kernel.DOT, 3, 3), 2));
    }

    @Test
    void kernelNames() {
        assertEquals(Kernel.DOT, Kernel.fromName("dot"));
        assertEquals(Kernel.COSINE, Kernel.fromName(" Cosine "));
        assertThrows(IllegalArgumentException.class, () -> Kernel.fromName("rbf"));
    }
}
