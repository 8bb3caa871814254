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

/** {@code logdet-cmi}: greedy LogDetCMI against its published definition, eq. (156) with λ. */
class LogDetConditionalMutualInformationTest {
    private static final double[] LAMBDAS = {1.0, 0.5, 2.0, 1.5};
    private static final double[] ETAS = {1.0, 0.5, 0.8, 0.9, 1.0};
    private static final double[] NUS = {1.0, 0.7, 0.4, 1.0};

    private static void checkAgainstBruteForce(Kernel kernel) {
        for (long seed = 1; seed <= 25; seed++) {
            int d = 3 + (int) (seed % 3);
            int c = 3 + (int) (seed % 2);
            int n = 30 + (int) (seed % 7);
            int nq = 1 + (int) (seed % 4);
            int np = 1 + (int) (seed % 3);
            int k = 6 + (int) (seed % 4);
            double lambda = LAMBDAS[(int) (seed % LAMBDAS.length)];
            double eta = ETAS[(int) (seed % ETAS.length)];
            double nu = NUS[(int) (seed % NUS.length)];
            RandomProblems pool = RandomProblems.classification(seed, "p", n, d, c);
            RandomProblems query = RandomProblems.classification(1000 + seed, "q", nq, d, c);
            RandomProblems priv = RandomProblems.classification(2000 + seed, "s", np, d, c);
            LogDetBruteForce oracle = new LogDetBruteForce(kernel, lambda, eta, nu, pool, query, priv);
            List<LogDetBruteForce.Step> expected = oracle.greedy(oracle::conditionalMutualInformation, k);
            List<Pick> actual = GreedySelector.select(List.of(pool.block(spec())),
                    LogDetConditionalMutualInformation.driver(params(k, lambda), kernel, query.block(spec()),
                            priv.block(spec()), eta, nu, d, c), k);
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
            RandomProblems pool = RandomProblems.classification(seed, "p", 12, 4, 3);
            RandomProblems query = RandomProblems.classification(500 + seed, "q", 3, 4, 3);
            RandomProblems priv = RandomProblems.classification(700 + seed, "s", 2, 4, 3);
            for (Kernel kernel : Kernel.values()) {
                LogDetBruteForce o = new LogDetBruteForce(kernel, 1.3, 0.6, 0.8, pool, query, priv);
                List<Integer> a = new ArrayList<>();
                for (int i = 0; i < 2 + seed % 6; i++) {
                    a.add((int) ((i * 5 + seed) % 12));
                }
                a = a.stream().distinct().toList();
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
        for (Kernel kernel : Kernel.values()) {
            for (long seed = 1; seed <= 20; seed++) {
                RandomProblems pool = RandomProblems.classification(100 + seed, "p", 60, 4, 3);
                RandomProblems query = RandomProblems.classification(300 + seed, "q", 3, 4, 3);
                RandomProblems priv = RandomProblems.classification(400 + seed, "s", 2, 4, 3);
                GreedyDriver a = LogDetConditionalMutualInformation.driver(params(10, 1.0), kernel, query.block(spec()),
                        priv.block(spec()), 0.9, 0.9, 4, 3);
                GreedyDriver b = LogDetConditionalMutualInformation.driver(params(10, 1.0), kernel, query.block(spec()),
                        priv.block(spec()), 0.9, 0.9, 4, 3);
                assertIdentical(GreedySelector.select(List.of(pool.block(spec())), a, 10),
                        GreedySelector.select(pool.blocks(spec(), 2 + (int) (seed % 5)), b, 10), kernel + " seed " + seed);
            }
        }
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
