package io.fisherselect.math.select;

import static io.fisherselect.math.select.LogDetTestSupport.assertGain;
import static io.fisherselect.math.select.LogDetTestSupport.assertIdentical;
import static io.fisherselect.math.select.LogDetTestSupport.assertMatches;
import static io.fisherselect.math.select.LogDetTestSupport.params;
import static io.fisherselect.math.select.LogDetTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code logdet-mi}: greedy LogDetMI against its published definition, eq. (151) with λ. */
class LogDetMutualInformationTest {
    private static final double[] LAMBDAS = {1.0, 0.5, 2.0, 0.3};
    private static final double[] ETAS = {1.0, 0.5, 0.8, 0.25, 1.0};

    private static void checkAgainstBruteForce(Kernel kernel) {
        for (long seed = 1; seed <= 25; seed++) {
            int d = 3 + (int) (seed % 3);
            int c = 3 + (int) (seed % 2);
            int n = 30 + (int) (seed % 7);
            int nq = 1 + (int) (seed % 4);
            int k = 6 + (int) (seed % 4);
            double lambda = LAMBDAS[(int) (seed % LAMBDAS.length)];
            double eta = ETAS[(int) (seed % ETAS.length)];
            RandomProblems pool = RandomProblems.classification(seed, "p", n, d, c);
            RandomProblems query = RandomProblems.classification(1000 + seed, "q", nq, d, c);
            LogDetBruteForce oracle = new LogDetBruteForce(kernel, lambda, eta, 1.0, pool, query, null);
            List<LogDetBruteForce.Step> expected = oracle.greedy(oracle::mutualInformation, k);
            List<Pick> actual = GreedySelector.select(List.of(pool.block(spec())),
                    LogDetMutualInformation.driver(params(k, lambda), kernel, query.block(spec()), eta, d, c), k);
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
            RandomProblems pool = RandomProblems.classification(seed, "p", 12, 4, 3);
            RandomProblems query = RandomProblems.classification(500 + seed, "q", 3, 4, 3);
            for (Kernel kernel : Kernel.values()) {
                LogDetBruteForce o = new LogDetBruteForce(kernel, 0.7, 0.6, 1.0, pool, query, null);
                List<Integer> a = new ArrayList<>();
                for (int i = 0; i < 2 + seed % 6; i++) {
                    a.add((int) ((i * 5 + seed) % 12));
                }
                a = a.stream().distinct().toList();
                List<Integer> aq = new ArrayList<>(a);
                aq.addAll(o.queryIndices());
                double superKernel = o.superKernelLogDet(a) + o.superKernelLogDet(o.queryIndices()) - o.superKernelLogDet(aq);
                assertGain(superKernel, o.mutualInformation(a), kernel + " seed " + seed);
            }
        }
    }

    @Test
    void severalBlocksPickTheSameAsOne() {
        for (Kernel kernel : Kernel.values()) {
            for (long seed = 1; seed <= 20; seed++) {
                RandomProblems pool = RandomProblems.classification(100 + seed, "p", 60, 4, 3);
                RandomProblems query = RandomProblems.classification(300 + seed, "q", 3, 4, 3);
                List<Pick> one = GreedySelector.select(List.of(pool.block(spec())),
                        LogDetMutualInformation.driver(params(10, 1.0), kernel, query.block(spec()), 0.9, 4, 3), 10);
                List<Pick> several = GreedySelector.select(pool.blocks(spec(), 2 + (int) (seed % 5)),
                        LogDetMutualInformation.driver(params(10, 1.0), kernel, query.block(spec()), 0.9, 4, 3), 10);
                assertIdentical(one, several, kernel + " seed " + seed);
            }
        }
    }

    /** η = 3 makes the scaled kernel indefinite when a pool item equals a query item: a clear error. */
    @Test
    void indefiniteScaledKernelStopsTheSelection() {
        RandomProblems pool = RandomProblems.classification(7, "p", 10, 3, 3);
        CandidateBlockBuilder q = new CandidateBlockBuilder(spec(), 3);
        q.add("q0", pool.phi[0], pool.probs[0], -1);
        assertThrows(ArithmeticException.class, () -> GreedySelector.select(List.of(pool.block(spec())),
                LogDetMutualInformation.driver(params(3, 0.1), Kernel.DOT, q.build(3), 3.0, 3, 3), 3));
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
