package io.fisherselect.math.method;

import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.select.Pick;

import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;

/** Shared pieces of the LogDet-family tests. */
final class LogDetTestSupport {
    /** relative tolerance of gains against the brute-force oracle */
    static final double REL = 1e-9;
    /** brute-force comparisons run seeds 1..BRUTE_FORCE_SEEDS */
    static final int BRUTE_FORCE_SEEDS = 25;

    private LogDetTestSupport() {
    }

    /** Hard-pseudo-label gradient embeddings, r = 1. */
    static FactorSpec spec() {
        return new FactorSpec(FactorSpec.Kind.PSEUDO_LABEL_GRADIENT, FactorSpec.Likelihood.SOFTMAX, 0, 1.0, false);
    }

    /** Only λ is read by the LogDet factories (the method enum is wired by the lead). */
    static SelectionParams params(int k, double lambda) {
        return SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);
    }

    /** |a − e| ≤ REL·|e| (relative; an exact 0 must be matched to the smallest normal double). */
    static void assertGain(double expected, double actual, String what) {
        double tol = REL * Math.abs(expected) + Double.MIN_NORMAL;
        assertTrue(Math.abs(actual - expected) <= tol,
                what + ": expected " + expected + ", got " + actual + " (diff " + (actual - expected) + ")");
    }

    static void assertMatches(List<LogDetBruteForce.Step> expected, List<Pick> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of picks");
        for (int t = 0; t < expected.size(); t++) {
            assertEquals(expected.get(t).id(), actual.get(t).id, what + ": pick " + t
                    + " (expected gains " + expected.stream().map(LogDetBruteForce.Step::gain).toList() + ")");
            assertGain(expected.get(t).gain(), actual.get(t).gain, what + ": gain of pick " + t);
        }
    }

    /** Picks and gains identical (bit for bit) between two runs, e.g. one block vs several. */
    static void assertIdentical(List<Pick> a, List<Pick> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int t = 0; t < a.size(); t++) {
            assertEquals(a.get(t).id, b.get(t).id, what + ": pick " + t);
            assertEquals(a.get(t).gain, b.get(t).gain, 0.0, what + ": gain of pick " + t);
        }
    }

    /**
     * One seeded case of the brute-force comparisons: d = 3..5, C = 3..4, n = 30..36, k = 6..9
     * and λ cycling with the seed, and the pool (seed {@code seed}, ids "p…").
     */
    record BruteForceCase(long seed, int d, int c, int n, int k, double lambda, RandomProblems pool) {
        static BruteForceCase of(long seed, double[] lambdas) {
            int d = 3 + (int) (seed % 3);
            int c = 3 + (int) (seed % 2);
            int n = 30 + (int) (seed % 7);
            int k = 6 + (int) (seed % 4);
            return new BruteForceCase(seed, d, c, n, k, lambdas[(int) (seed % lambdas.length)],
                    RandomProblems.classification(seed, "p", n, d, c));
        }

        /** The entry of {@code values} for this seed (cycling). */
        double cycle(double[] values) {
            return values[(int) (seed % values.length)];
        }

        /** The query set: 1..4 items (seed 1000 + seed, ids "q…"). */
        RandomProblems query() {
            return RandomProblems.classification(1000 + seed, "q", 1 + (int) (seed % 4), d, c);
        }

        /** The greedy picks of {@code driver} with the whole pool in one block. */
        List<Pick> select(GreedyDriver driver) {
            return GreedySelector.select(List.of(pool.block(spec())), driver, k);
        }
    }

    /** The pool of the super-kernel checks: 12 items (seed {@code seed}), d = 4, C = 3. */
    static RandomProblems superKernelPool(long seed) {
        return RandomProblems.classification(seed, "p", 12, 4, 3);
    }

    /** The query set of the super-kernel checks: 3 items (seed 500 + seed), d = 4, C = 3. */
    static RandomProblems superKernelQuery(long seed) {
        return RandomProblems.classification(500 + seed, "q", 3, 4, 3);
    }

    /** A few distinct indices into the 12-item super-kernel pool, varying with the seed. */
    static List<Integer> superKernelSubset(long seed) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < 2 + seed % 6; i++) {
            a.add((int) ((i * 5 + seed) % 12));
        }
        return a.stream().distinct().toList();
    }

    /** A fresh driver (k = 10, λ = 1, d = 4, C = 3) for one kernel and seed of the several-blocks check. */
    interface DriverFactory {
        GreedyDriver create(Kernel kernel, long seed);
    }

    /**
     * For every kernel and seeds 1..20: a pool of 60 items (seed 100 + seed, d = 4, C = 3) in one
     * block and in 2..6 blocks gives identical picks and gains (k = 10), each run with a fresh driver.
     */
    static void assertSeveralBlocksPickTheSameAsOne(DriverFactory drivers) {
        for (Kernel kernel : Kernel.values()) {
            for (long seed = 1; seed <= 20; seed++) {
                RandomProblems pool = RandomProblems.classification(100 + seed, "p", 60, 4, 3);
                List<Pick> one = GreedySelector.select(List.of(pool.block(spec())), drivers.create(kernel, seed), 10);
                List<Pick> several = GreedySelector.select(pool.blocks(spec(), 2 + (int) (seed % 5)),
                        drivers.create(kernel, seed), 10);
                assertIdentical(one, several, kernel + " seed " + seed);
            }
        }
    }
}
