package io.fisherselect.math.select;

import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.method.LogDetBruteForce;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Class-balanced batches: on a pool where one class dominates the uncertain items, every method
 * keeps its per-class caps exactly, and the greedy under caps equals a brute-force greedy over the
 * partition matroid (dense formulas, every candidate re-evaluated at every step).
 */
class ClassQuotaTest {
    private static final double GAIN_REL = 1e-9;
    private static final double GAIN_FLOOR = 1e-12;

    /**
     * A pool in which 70% of the items are near-uniform with class 0 just ahead (the most
     * uncertain items, all predicted as class 0); the rest are random softmax rows.
     */
    static RandomProblems dominated(long seed, int n, int d, int c) {
        RandomProblems p = RandomProblems.classification(seed, "p", n, d, c);
        for (int i = 0; i < n; i++) {
            if (i % 10 < 7) {
                double top = 1.0 / c + 0.02 + 0.01 * ((i * 7) % 5);
                p.probs[i][0] = top;
                for (int j = 1; j < c; j++) {
                    p.probs[i][j] = (1 - top) / (c - 1);
                }
            }
        }
        return p;
    }

    static int predicted(double[] p) {
        return DenseOracles.topClasses(p, 1)[0];
    }

    static int[] counts(List<TopK.Scored> picks, RandomProblems pool) {
        int[] out = new int[pool.c];
        for (TopK.Scored s : picks) {
            out[predicted(pool.probs[pool.indexOf(s.id())])]++;
        }
        return out;
    }

    private static PlanInputs inputs(SelectionParams p, RandomProblems pool, RandomProblems labeled,
                                     RandomProblems query, RandomProblems priv) {
        int c = pool.c;
        PlanInputs in = PlanInputs.shape(pool.d, c, p.factorSpec().columns(c))
                .withLabeled(FisherSum.of(labeled.block(p.fisherSpec())), labeled.n)
                .withPool(FisherSum.of(pool.block(p.fisherSpec())), pool.n);
        if (p.method().needsQuerySet()) {
            in = in.withReferenceSets(query.block(p.factorSpec()),
                    p.method().needsPrivateSet() ? priv.block(p.factorSpec()) : null);
        }
        return in;
    }

    @Test
    void everyMethodKeepsItsCapsOnADominatedPool() {
        for (long seed = 0; seed < 6; seed++) {
            int c = 3 + (int) (seed % 2);
            int d = 3;
            RandomProblems pool = dominated(10 + seed, 60, d, c);
            RandomProblems labeled = RandomProblems.classification(20 + seed, "l", 5, d, c);
            RandomProblems query = RandomProblems.classification(30 + seed, "q", 4, d, c);
            RandomProblems priv = RandomProblems.classification(40 + seed, "v", 3, d, c);
            int k = 8;
            int m = 3;
            ClassQuota quota = ClassQuota.of(m, null, k, ClassQuota.predictedCounts(
                    pool.block(FactorSpec.fisher()), null, false));
            List<SelectionParams> runs = new ArrayList<>();
            for (AcquisitionMethod method : AcquisitionMethod.values()) {
                if (method.kind() == AcquisitionMethod.Kind.CLUSTERED) {
                    continue; // cluster-margin takes no caps: refused (clusteredMethodRefusesCaps)
                }
                runs.add(new SelectionParams(method, k, 1.0, seed, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false));
            }
            for (StochasticAcquisition.Mode mode : StochasticAcquisition.Mode.values()) {
                runs.add(new SelectionParams(AcquisitionMethod.ENTROPY, k, 1.0, seed, FactorSpec.Likelihood.SOFTMAX,
                        1.0, 0, false, Kernel.DOT, 1.0, 1.0, mode, 2.0));
            }
            for (SelectionParams p : runs) {
                PlanInputs in = inputs(p, pool, labeled, query, priv).withQuota(quota);
                List<TopK.Scored> picks = InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 3));
                String what = p.method().cliName() + (p.sampling() == null ? "" : " " + p.sampling().cliName())
                        + " seed " + seed;
                assertEquals(k, picks.size(), what);
                int[] count = counts(picks, pool);
                for (int cls = 0; cls < c; cls++) {
                    assertTrue(count[cls] <= m, what + ": class " + cls + " has " + count[cls] + " > " + m);
                }
            }
            // without the cap, the uncertain class takes the batch (so the caps above did something)
            SelectionParams entropy = SelectionParams.of(AcquisitionMethod.ENTROPY, k);
            int[] free = counts(InMemorySelector.select(entropy, inputs(entropy, pool, labeled, query, priv),
                    pool.blocks(entropy.factorSpec(), 3)), pool);
            assertEquals(k, free[0], "seed " + seed + ": entropy without caps");
        }
    }

    /** Dense ½ log det(I + Σ_B Fᵢ H⁻¹) as the brute force's set function. */
    @Test
    void eigLogDetUnderCapsIsTheConstrainedGreedy() {
        for (long seed = 0; seed < 25; seed++) {
            int c = 2 + (int) (seed % 3);
            int d = 2 + (int) (seed % 2);
            RandomProblems pool = dominated(50 + seed, 18 + (int) (seed % 9), d, c);
            int k = 3 + (int) (seed % 4);
            int[] caps = caps(seed, c, k);
            double lambda = 0.5 + 0.25 * (seed % 3);
            SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);
            List<DMatrixRMaj> f = new ArrayList<>();
            for (int i = 0; i < pool.n; i++) {
                f.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
            }
            DMatrixRMaj hInv = DenseFisher.identity(c * d, 1.0 / lambda);
            List<DenseOracles.DensePick> expected = DenseOracles.constrainedGreedy(pool.ids, classes(pool), caps, k,
                    b -> DenseOracles.halfLogDetIPlus(sum(f, b, c * d), hInv));
            PlanInputs in = PlanInputs.shape(d, c, c).withQuota(ClassQuota.caps(caps));
            assertSame(expected, InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 1 + (int) (seed % 3))),
                    "eig-logdet seed " + seed);
        }
    }

    /** Dense −½ log det(F_eval (H + Σ_B Fᵢ)⁻¹ + I) (eq. (67)) as the set function. */
    @Test
    void epigLogDetUnderCapsIsTheConstrainedGreedy() {
        for (long seed = 0; seed < 20; seed++) {
            int c = 2 + (int) (seed % 3);
            int d = 2;
            RandomProblems pool = dominated(70 + seed, 16 + (int) (seed % 7), d, c);
            int k = 3 + (int) (seed % 3);
            int[] caps = caps(seed, c, k);
            SelectionParams p = SelectionParams.of(AcquisitionMethod.EPIG_LOGDET, k);
            List<DMatrixRMaj> f = new ArrayList<>();
            for (int i = 0; i < pool.n; i++) {
                f.add(DenseFisher.softmaxFisher(pool.phi[i], pool.probs[i]));
            }
            DMatrixRMaj fEval = sum(f, range(pool.n), c * d);
            CommonOps_DDRM.scale(1.0 / pool.n, fEval);
            DMatrixRMaj h = DenseFisher.identity(c * d, 1.0);
            List<DenseOracles.DensePick> expected = DenseOracles.constrainedGreedy(pool.ids, classes(pool), caps, k,
                    b -> -EpigLogDetSelectionTest.objective(fEval, DenseFisher.plus(h, sum(f, b, c * d))));
            PlanInputs in = PlanInputs.shape(d, c, c).withPool(FisherSum.of(pool.block(p.factorSpec())), pool.n)
                    .withQuota(ClassQuota.caps(caps));
            assertSame(expected, InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 2)),
                    "epig-logdet seed " + seed);
        }
    }

    /** The LogDet brute force's log det(S_B + λI) as the set function. */
    @Test
    void logDetUnderCapsIsTheConstrainedGreedy() {
        for (long seed = 0; seed < 20; seed++) {
            int c = 2 + (int) (seed % 3);
            RandomProblems pool = dominated(90 + seed, 20, 3, c);
            int k = 3 + (int) (seed % 4);
            int[] caps = caps(seed, c, k);
            SelectionParams p = SelectionParams.of(AcquisitionMethod.LOGDET, k);
            LogDetBruteForce brute = new LogDetBruteForce(Kernel.DOT, p.lambda(), 1.0, 1.0, pool, null, null);
            List<DenseOracles.DensePick> expected = DenseOracles.constrainedGreedy(pool.ids, classes(pool), caps, k,
                    brute::logdet);
            PlanInputs in = PlanInputs.shape(3, c, 1).withQuota(ClassQuota.caps(caps));
            assertSame(expected, InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 2)),
                    "logdet seed " + seed);
        }
    }

    /** Capped top-k: each class's best caps[c] items, then the best k of their union (sorting, not the heap). */
    @Test
    void topKUnderCapsIsTheBestOfEachClass() {
        for (long seed = 0; seed < 25; seed++) {
            int c = 2 + (int) (seed % 4);
            RandomProblems pool = dominated(110 + seed, 30, 2, c);
            int k = 4 + (int) (seed % 5);
            int[] caps = caps(seed, c, k);
            List<Integer> union = new ArrayList<>();
            for (int cls = 0; cls < c; cls++) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < pool.n; i++) {
                    if (predicted(pool.probs[i]) == cls) {
                        members.add(i);
                    }
                }
                members.sort(byEntropy(pool));
                union.addAll(members.subList(0, Math.min(caps[cls], members.size())));
            }
            union.sort(byEntropy(pool));
            SelectionParams p = SelectionParams.of(AcquisitionMethod.ENTROPY, k);
            List<TopK.Scored> picks = InMemorySelector.select(p,
                    PlanInputs.shape(2, c, c).withQuota(ClassQuota.caps(caps)), pool.blocks(p.factorSpec(), 3));
            List<String> expected = new ArrayList<>();
            for (int i : union.subList(0, Math.min(k, union.size()))) {
                expected.add(pool.ids[i]);
            }
            assertEquals(expected, picks.stream().map(TopK.Scored::id).toList(), "seed " + seed);
        }
    }

    @Test
    void balanceDerivesCapsFromK() {
        ClassQuota uniform = ClassQuota.of(0, ClassQuota.Balance.UNIFORM, 10, new long[] {50, 30, 20});
        assertArrayEquals(new int[] {4, 4, 4}, new int[] {uniform.max(0), uniform.max(1), uniform.max(2)});
        ClassQuota prop = ClassQuota.of(0, ClassQuota.Balance.PROPORTIONAL, 10, new long[] {55, 30, 15});
        // ⌈10·55/100⌉ = 6, ⌈10·30/100⌉ = 3, ⌈10·15/100⌉ = 2
        assertArrayEquals(new int[] {6, 3, 2}, new int[] {prop.max(0), prop.max(1), prop.max(2)});
        ClassQuota both = ClassQuota.of(4, ClassQuota.Balance.PROPORTIONAL, 10, new long[] {55, 30, 15});
        assertArrayEquals(new int[] {4, 3, 2}, new int[] {both.max(0), both.max(1), both.max(2)});
        assertEquals(null, ClassQuota.of(0, null, 10, new long[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassQuota.of(2, null, 10, new long[] {50, 30, 20}).checkFeasible(10, new long[] {50, 30, 20}));
        assertTrue(e.getMessage().contains("fewer than k = 10"), e.getMessage());
    }

    /** Caps that bind: the dominant class gets 1 or 2, the others enough to fill k. */
    static int[] caps(long seed, int c, int k) {
        int[] caps = new int[c];
        caps[0] = 1 + (int) (seed % 2);
        for (int cls = 1; cls < c; cls++) {
            caps[cls] = k;
        }
        return caps;
    }

    static int[] classes(RandomProblems pool) {
        int[] out = new int[pool.n];
        for (int i = 0; i < pool.n; i++) {
            out[i] = predicted(pool.probs[i]);
        }
        return out;
    }

    static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    static DMatrixRMaj sum(List<DMatrixRMaj> f, List<Integer> idx, int dd) {
        DMatrixRMaj s = new DMatrixRMaj(dd, dd);
        for (int i : idx) {
            CommonOps_DDRM.addEquals(s, f.get(i));
        }
        return s;
    }

    private static Comparator<Integer> byEntropy(RandomProblems pool) {
        return Comparator.<Integer>comparingDouble(i -> {
            double h = 0;
            for (double x : pool.probs[i]) {
                h -= x > 0 ? x * Math.log(x) : 0;
            }
            return -h;
        }).thenComparing(i -> pool.ids[i]);
    }

    static void assertSame(List<DenseOracles.DensePick> expected, List<TopK.Scored> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of picks");
        for (int t = 0; t < expected.size(); t++) {
            assertEquals(expected.get(t).id(), actual.get(t).id(), what + ": pick " + t);
            assertRelClose(expected.get(t).gain(), actual.get(t).score(), GAIN_REL, GAIN_FLOOR, what + ": gain " + t);
        }
    }

    @Test
    void clusteredMethodRefusesCaps() {
        RandomProblems pool = dominated(10, 60, 4, 3);
        ClassQuota quota = ClassQuota.of(3, null, 8, ClassQuota.predictedCounts(
                pool.block(FactorSpec.fisher()), null, false));
        SelectionParams p = new SelectionParams(AcquisitionMethod.CLUSTER_MARGIN, 8, 1.0, 0,
                FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
        RandomProblems labeled = RandomProblems.classification(20, "l", 5, 4, 3);
        PlanInputs in = inputs(p, pool, labeled, null, null).withQuota(quota);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> InMemorySelector.select(p, in, pool.blocks(p.factorSpec(), 3)));
        assertTrue(e.getMessage().contains("cluster-margin"), e.getMessage());
    }
}
