package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.Pick;

import static io.fisherselect.math.method.LogDetTestSupport.BRUTE_FORCE_SEEDS;
import static io.fisherselect.math.method.LogDetTestSupport.assertGain;
import static io.fisherselect.math.method.LogDetTestSupport.assertMatches;
import static io.fisherselect.math.method.LogDetTestSupport.assertSeveralBlocksPickTheSameAsOne;
import static io.fisherselect.math.method.LogDetTestSupport.params;
import static io.fisherselect.math.method.LogDetTestSupport.spec;
import static io.fisherselect.math.method.LogDetTestSupport.superKernelPool;
import static io.fisherselect.math.method.LogDetTestSupport.superKernelQuery;
import static io.fisherselect.math.method.LogDetTestSupport.superKernelSubset;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.method.LogDetTestSupport.BruteForceCase;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code logdet-cmi}: greedy LogDetCMI against its published definition, eq. (156) with λ. */
class LogDetConditionalMutualInformationTest {
    private static final double[] LAMBDAS = {1.0, 0.5, 2.0, 1.5};
    private static final double[] ETAS = {1.0, 0.5, 0.8, 0.9, 1.0};
    private static final double[] NUS = {1.0, 0.7, 0.4, 1.0};

    private static void checkAgainstBruteForce(Kernel kernel) {
        for (long seed = 1; seed <= BRUTE_FORCE_SEEDS; seed++) {
            BruteForceCase cs = BruteForceCase.of(seed, LAMBDAS);
            int np = 1 + (int) (seed % 3);
            double eta = cs.cycle(ETAS);
            double nu = cs.cycle(NUS);
            RandomProblems query = cs.query();
            RandomProblems priv = RandomProblems.classification(2000 + seed, "s", np, cs.d(), cs.c());
            LogDetBruteForce oracle = new LogDetBruteForce(kernel, cs.lambda(), eta, nu, cs.pool(), query, priv);
            List<LogDetBruteForce.Step> expected = oracle.greedy(oracle::conditionalMutualInformation, cs.k());
            List<Pick> actual = cs.select(LogDetConditionalMutualInformation.driver(params(cs.k(), cs.lambda()), kernel,
                    query.block(spec()), priv.block(spec()), eta, nu, cs.d(), cs.c()));
            assertMatches(expected, actual, kernel + " seed " + seed + " (η = " + eta + ", ν = " + nu + ")");
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

    /**
     * Eq. (156) with λ equals submodlib's MutualInformation(ConditionalGain(LogDeterminant, P), Q):
     * f(A∪P) + f(Q∪P) − f(A∪Q∪P) − f(P) on the η/ν-scaled super-kernel.
     */
    @Test
    void ratioFormEqualsSuperKernelForm() {
        for (long seed = 1; seed <= 20; seed++) {
            RandomProblems pool = superKernelPool(seed);
            RandomProblems query = superKernelQuery(seed);
            RandomProblems priv = RandomProblems.classification(700 + seed, "s", 2, 4, 3);
            for (Kernel kernel : Kernel.values()) {
                LogDetBruteForce o = new LogDetBruteForce(kernel, 1.3, 0.6, 0.8, pool, query, priv);
                List<Integer> a = superKernelSubset(seed);
                List<Integer> ap = new ArrayList<>(a);
                ap.addAll(o.privateIndices());
                List<Integer> qp = new ArrayList<>(o.queryIndices());
                qp.addAll(o.privateIndices());
                List<Integer> aqp = new ArrayList<>(ap);
                aqp.addAll(o.queryIndices());
                double superKernel = o.superKernelLogDet(ap) + o.superKernelLogDet(qp) - o.superKernelLogDet(aqp)
                        - o.superKernelLogDet(o.privateIndices());
                assertGain(superKernel, o.conditionalMutualInformation(a), kernel + " seed " + seed);
            }
        }
    }

    @Test
    void severalBlocksPickTheSameAsOne() {
        assertSeveralBlocksPickTheSameAsOne((kernel, seed) -> LogDetConditionalMutualInformation.driver(params(10, 1.0),
                kernel, RandomProblems.classification(300 + seed, "q", 3, 4, 3).block(spec()),
                RandomProblems.classification(400 + seed, "s", 2, 4, 3).block(spec()), 0.9, 0.9, 4, 3));
    }

    @Test
    void rejectsEmptyPrivateSet() {
        RandomProblems query = RandomProblems.classification(7, "q", 3, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> LogDetConditionalMutualInformation.driver(params(3, 1.0),
                Kernel.DOT, query.block(spec()), new CandidateBlockBuilder(spec(), 3).build(3), 1.0, 1.0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> LogDetConditionalMutualInformation.driver(params(3, 1.0),
                Kernel.DOT, query.block(spec()), null, 1.0, 1.0, 3, 3));
    }
}
