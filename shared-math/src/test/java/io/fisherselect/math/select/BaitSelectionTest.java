package io.fisherselect.math.select;

import io.fisherselect.math.method.BaitDriver;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@code bait} against a brute-force implementation of the published algorithm with D×D
 * matrices: tr(F M⁻¹) recomputed (LU inverse) for every candidate at every forward step and for
 * every member at every pruning step.
 */
class BaitSelectionTest {

    /** Result of the brute force: survivors in forward order with forward gains, and the pruned ids. */
    record Brute(List<Pick> picks, List<String> pruned) {
    }

    static double traceObjective(DMatrixRMaj f, DMatrixRMaj m) {
        return DenseFisher.trace(DenseFisher.mult(f, DenseFisher.inverse(m)));
    }

    static Brute bruteForce(RandomProblems pool, RandomProblems labeled, int r, double lambda, int k) {
        int dim = pool.c * pool.d;
        int nL = labeled == null ? 0 : labeled.n;
        DMatrixRMaj[] f = new DMatrixRMaj[pool.n];
        DMatrixRMaj fisher = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < pool.n; i++) {
            f[i] = EpigLogDetSelectionTest.denseFisher(pool.phi[i], pool.probs[i], r);
            CommonOps_DDRM.addEquals(fisher, f[i]);
        }
        DMatrixRMaj m = DenseFisher.identity(dim, lambda);
        if (nL > 0) {
            DMatrixRMaj labeledSum = EpigLogDetSelectionTest.sumFisher(labeled, r);
            CommonOps_DDRM.addEquals(fisher, labeledSum);
            // n_L/(n_L+K) · mean_labeled F
            CommonOps_DDRM.addEquals(m, (double) nL / (nL + k) / nL, labeledSum);
        }
        CommonOps_DDRM.scale(1.0 / (pool.n + nL), fisher);
        double w = (double) k / (nL + k);

        boolean[] picked = new boolean[pool.n];
        List<Integer> order = new ArrayList<>();
        List<Double> gains = new ArrayList<>();
        for (int t = 0; t < 2 * k && t < pool.n; t++) {
            double current = traceObjective(fisher, m);
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < pool.n; i++) {
                if (picked[i]) {
                    continue;
                }
                DMatrixRMaj mi = m.copy();
                CommonOps_DDRM.addEquals(mi, w, f[i]);
                double g = current - traceObjective(fisher, mi);
                if (best < 0 || Pick.better(g, pool.ids[i], bestGain, pool.ids[best])) {
                    best = i;
                    bestGain = g;
                }
            }
            picked[best] = true;
            order.add(best);
            gains.add(bestGain);
            CommonOps_DDRM.addEquals(m, w, f[best]);
        }
        List<Integer> alive = new ArrayList<>(order);
        List<String> pruned = new ArrayList<>();
        while (alive.size() > k) {
            double current = traceObjective(fisher, m);
            int worst = -1;
            double worstCost = 0;
            for (int j = 0; j < alive.size(); j++) {
                DMatrixRMaj mj = m.copy();
                CommonOps_DDRM.addEquals(mj, -w, f[alive.get(j)]);
                double cost = traceObjective(fisher, mj) - current;
                if (worst < 0 || cost < worstCost) {
                    worst = j;
                    worstCost = cost;
                }
            }
            int gone = alive.remove(worst);
            pruned.add(pool.ids[gone]);
            CommonOps_DDRM.addEquals(m, -w, f[gone]);
        }
        List<Pick> picks = new ArrayList<>();
        for (int t = 0; t < order.size(); t++) {
            if (alive.contains(order.get(t))) {
                picks.add(new Pick(pool.ids[order.get(t)], gains.get(t), null, null, null));
            }
        }
        return new Brute(picks, pruned);
    }

    record Case(RandomProblems pool, RandomProblems labeled, FactorSpec spec, int r, double lambda, int k) {
    }

    static Case randomCase(long seed, int rank) {
        int c = 3 + (int) (seed % 2);
        int d = 2 + (int) (seed % 3);
        int r = rank <= 0 ? c : Math.min(rank, c);
        double lambda = seed % 4 == 0 ? 1.0 : 0.05 + 0.3 * (seed % 5);
        RandomProblems pool = RandomProblems.classification(5000 + seed, "p", 26, d, c);
        RandomProblems labeled = seed % 3 == 0 ? null
                : RandomProblems.classification(6000 + seed, "l", 2 + (int) (seed % 7), d, c);
        FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, rank, 1.0, false);
        return new Case(pool, labeled, spec, r, lambda, 3 + (int) (seed % 3));
    }

    static BaitDriver driver(Case cs) {
        int dim = cs.pool.c * cs.pool.d;
        DMatrixRMaj fisher = EpigLogDetSelectionTest.sumFisher(cs.pool, cs.r);
        DMatrixRMaj labeledMean = null;
        int nL = 0;
        if (cs.labeled != null) {
            nL = cs.labeled.n;
            DMatrixRMaj labeledSum = EpigLogDetSelectionTest.sumFisher(cs.labeled, cs.r);
            CommonOps_DDRM.addEquals(fisher, labeledSum);
            labeledMean = labeledSum.copy();
            CommonOps_DDRM.scale(1.0 / nL, labeledMean);
        }
        CommonOps_DDRM.scale(1.0 / (cs.pool.n + nL), fisher);
        assertEquals(dim, fisher.numRows);
        // the enum has no bait yet; the factory only reads k and λ
        SelectionParams p = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, cs.k).withLambda(cs.lambda);
        return BaitDriver.create(p, labeledMean, nL, fisher, cs.pool.d, cs.pool.c, cs.r);
    }

    @Test
    void matchesBruteForceOnRandomProblems() {
        for (long seed = 0; seed < 30; seed++) {
            Case cs = randomCase(seed, 0);
            Brute expected = bruteForce(cs.pool, cs.labeled, cs.r, cs.lambda, cs.k);
            BaitDriver driver = driver(cs);
            List<Pick> actual = GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver, cs.k);
            EpigLogDetSelectionTest.assertSamePicks(expected.picks(), actual, 1e-9, "seed " + seed);
            assertEquals(expected.pruned(), driver.pruned(), "seed " + seed + ": pruning order");
        }
    }

    @Test
    void matchesBruteForceWithLowRankFactors() {
        for (long seed = 0; seed < 20; seed++) {
            Case cs = randomCase(seed, 2);
            Brute expected = bruteForce(cs.pool, cs.labeled, cs.r, cs.lambda, cs.k);
            BaitDriver driver = driver(cs);
            List<Pick> actual = GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver, cs.k);
            EpigLogDetSelectionTest.assertSamePicks(expected.picks(), actual, 1e-9, "seed " + seed + " (r = 2)");
            assertEquals(expected.pruned(), driver.pruned(), "seed " + seed + " (r = 2): pruning order");
        }
    }

    @Test
    void blocksGiveTheSamePicksAsOneBlock() {
        for (long seed = 0; seed < 20; seed++) {
            Case cs = randomCase(seed, seed % 2 == 0 ? 0 : 2);
            List<Pick> one = GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver(cs), cs.k);
            for (int parts : new int[] {2, 3, 7}) {
                List<Pick> split = GreedySelector.select(cs.pool.blocks(cs.spec, parts), driver(cs), cs.k);
                assertEquals(one.size(), split.size());
                for (int t = 0; t < one.size(); t++) {
                    assertEquals(one.get(t).id, split.get(t).id, "seed " + seed + ", " + parts + " blocks, pick " + t);
                    assertEquals(one.get(t).gain, split.get(t).gain, 0.0, "seed " + seed + ", " + parts + " blocks");
                }
            }
        }
    }

    @Test
    void forwardGainsDecreaseTheTraceAndPruningKeepsK() {
        Case cs = randomCase(4, 0);
        BaitDriver driver = driver(cs);
        List<Pick> picks = GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver, cs.k);
        assertEquals(cs.k, picks.size());
        assertEquals(cs.k, driver.pruned().size());
        for (Pick p : picks) {
            assertTrue(p.gain > 0, "forward gain " + p.gain);
            assertTrue(!driver.pruned().contains(p.id));
        }
    }

    @Test
    void poolSmallerThanTwoKPrunesWhatItHas() {
        Case big = randomCase(5, 0);
        RandomProblems small = RandomProblems.classification(77, "p", 2 * big.k - 1, big.pool.d, big.pool.c);
        Case cs = new Case(small, big.labeled, big.spec, big.r, big.lambda, big.k);
        Brute expected = bruteForce(cs.pool, cs.labeled, cs.r, cs.lambda, cs.k);
        BaitDriver driver = driver(cs);
        List<Pick> actual = GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver, cs.k);
        EpigLogDetSelectionTest.assertSamePicks(expected.picks(), actual, 1e-9, "small pool");
        assertEquals(cs.k - 1, driver.pruned().size());
    }

    @Test
    void refusesAnotherBatchSize() {
        Case cs = randomCase(1, 0);
        BaitDriver driver = driver(cs);
        assertThrows(IllegalArgumentException.class,
                () -> GreedySelector.select(List.of(cs.pool.block(cs.spec)), driver, cs.k + 1));
    }
}
