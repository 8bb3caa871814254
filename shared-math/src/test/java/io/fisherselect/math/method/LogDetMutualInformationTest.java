package io.fisherselect.math.method;

import io.fisherselect.math.plan.UnsuitableParameterException;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.GreedySelector;
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

/** {@code logdet-mi}: greedy LogDetMI against its published definition, eq. (151) with λ. */
class LogDetMutualInformationTest {
    private static final double[] LAMBDAS = {1.0, 0.5, 2.0, 0.3};
    private static final double[] ETAS = {1.0, 0.5, 0.8, 0.25, 1.0};

    private static void checkAgainstBruteForce(Kernel kernel) {
        for (long seed = 1; seed <= BRUTE_FORCE_SEEDS; seed++) {
            BruteForceCase cs = BruteForceCase.of(seed, LAMBDAS);
            double eta = cs.cycle(ETAS);
            RandomProblems query = cs.query();
            LogDetBruteForce oracle = new LogDetBruteForce(kernel, cs.lambda(), eta, 1.0, cs.pool(), query, null);
            List<LogDetBruteForce.Step> expected = oracle.greedy(oracle::mutualInformation, cs.k());
            List<Pick> actual = cs.select(LogDetMutualInformation.driver(params(cs.k(), cs.lambda()), kernel,
                    query.block(spec()), eta, cs.d(), cs.c()));
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

    /** Eq. (151) with λ equals submodlib's f(A) + f(Q) − f(A ∪ Q) on the η-scaled super-kernel. */
    @Test
    void schurFormEqualsSuperKernelForm() {
        for (long seed = 1; seed <= 20; seed++) {
            RandomProblems pool = superKernelPool(seed);
            RandomProblems query = superKernelQuery(seed);
            for (Kernel kernel : Kernel.values()) {
                LogDetBruteForce o = new LogDetBruteForce(kernel, 0.7, 0.6, 1.0, pool, query, null);
                List<Integer> a = superKernelSubset(seed);
                List<Integer> aq = new ArrayList<>(a);
                aq.addAll(o.queryIndices());
                double superKernel = o.superKernelLogDet(a) + o.superKernelLogDet(o.queryIndices()) - o.superKernelLogDet(aq);
                assertGain(superKernel, o.mutualInformation(a), kernel + " seed " + seed);
            }
        }
    }

    @Test
    void severalBlocksPickTheSameAsOne() {
        assertSeveralBlocksPickTheSameAsOne((kernel, seed) -> LogDetMutualInformation.driver(params(10, 1.0), kernel,
                RandomProblems.classification(300 + seed, "q", 3, 4, 3).block(spec()), 0.9, 4, 3));
    }

    /**
     * η = 3 makes the scaled kernel indefinite when a pool item equals a query item: an error that
     * names --eta, its value and the range that works (not "gain is NaN").
     */
    @Test
    void indefiniteScaledKernelStopsTheSelection() {
        RandomProblems pool = RandomProblems.classification(7, "p", 10, 3, 3);
        CandidateBlockBuilder q = new CandidateBlockBuilder(spec(), 3);
        q.add("q0", pool.phi[0], pool.probs[0], -1);
        UnsuitableParameterException e = assertThrows(UnsuitableParameterException.class,
                () -> GreedySelector.select(List.of(pool.block(spec())),
                        LogDetMutualInformation.driver(params(3, 0.1), Kernel.DOT, q.build(3), 3.0, 3, 3), 3));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("--eta 3.0")
                && e.getMessage().contains("--eta in [-1, 1]") && e.getMessage().contains("logdet-mi"), e.getMessage());
        // the same query with η = 1 is fine
        GreedySelector.select(List.of(pool.block(spec())),
                LogDetMutualInformation.driver(params(3, 0.1), Kernel.DOT, q.build(3), 1.0, 3, 3), 3);
    }

    @Test
    void rejectsEmptyOrMismatchedQuerySet() {
        RandomProblems query = RandomProblems.classification(7, "q", 3, 3, 3);
        assertThrows(IllegalArgumentException.class, () ->
                LogDetMutualInformation.driver(params(3, 1.0), Kernel.DOT, new CandidateBlockBuilder(spec(), 3).build(3), 1.0, 3, 3));
        assertThrows(IllegalArgumentException.class, () ->
                LogDetMutualInformation.driver(params(3, 1.0), Kernel.DOT, query.block(spec()), 1.0, 4, 3));
        assertThrows(IllegalArgumentException.class, () ->
                LogDetMutualInformation.driver(params(3, 1.0), Kernel.DOT, query.block(spec()), Double.NaN, 3, 3));
    }
}
