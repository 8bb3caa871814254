package io.fisherselect.math.select;

import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Items still at the annotators: selecting k₁, then k₂ with the first batch pending, must give
 * the greedy selection of k₁ + k₂ (same picks in the same order, gains to 1e-9), and pending items
 * are never picked. The Fisher methods condition through H + Σ_pending Fᵢ, the LogDet family and
 * BADGE by entering the pending items as picks; both must reproduce the one-shot greedy.
 */
class PendingConditioningTest {
    private static final int SEEDS = 30;
    private static final double GAIN_REL = 1e-9;
    private static final double GAIN_FLOOR = 1e-12;

    private record Setup(RandomProblems pool, FactorSpec spec, PlanInputs in, SelectionParams params, int parts) {
    }

    private static Setup setup(AcquisitionMethod m, long seed, FactorSpec.Likelihood likelihood) {
        int d = 2 + (int) (seed % 3);
        int c = 2 + (int) ((seed / 3) % 3);
        int n = 20 + (int) (seed % 17);
        RandomProblems pool = likelihood == FactorSpec.Likelihood.BERNOULLI
                ? RandomProblems.multiLabel(100 + seed, "p", n, d, c)
                : RandomProblems.classification(100 + seed, "p", n, d, c);
        double lambda = 0.3 + 0.4 * (seed % 4);
        SelectionParams p = new SelectionParams(m, 1, lambda, seed, likelihood, 1.0, 0, false);
        FactorSpec spec = p.factorSpec();
        int r = spec.columns(c);
        PlanInputs in = PlanInputs.shape(d, c, r);
        if (seed % 2 == 1 && m.usesLabeledSet()) {
            RandomProblems labeled = likelihood == FactorSpec.Likelihood.BERNOULLI
                    ? RandomProblems.multiLabel(200 + seed, "l", 4, d, c)
                    : RandomProblems.classification(200 + seed, "l", 4, d, c);
            in = in.withLabeled(io.fisherselect.math.fisher.FisherSum.of(labeled.block(p.fisherSpec())), labeled.n);
        }
        if (m == AcquisitionMethod.EPIG_LOGDET || m == AcquisitionMethod.BAIT) {
            in = in.withPool(io.fisherselect.math.fisher.FisherSum.of(pool.block(p.fisherSpec())), pool.n);
        }
        return new Setup(pool, spec, in, p, 1 + (int) (seed % 3));
    }

    private static List<TopK.Scored> select(Setup s, int k, CandidateBlock pending) {
        return InMemorySelector.select(s.params.withK(k), s.in.withPending(pending), s.pool.blocks(s.spec, s.parts));
    }

    /** k₁ then k₂ with the first batch pending (entered in pick order, or sorted by id) == one greedy of k₁ + k₂. */
    private static void assertTwoNightsEqualOne(AcquisitionMethod m, FactorSpec.Likelihood likelihood) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Setup s = setup(m, seed, likelihood);
            int k1 = 1 + (int) (seed % 4);
            int k2 = 1 + (int) ((seed / 4) % 4);
            List<TopK.Scored> once = select(s, k1 + k2, null);
            List<TopK.Scored> first = select(s, k1, null);
            assertEquals(once.subList(0, k1), first, m.cliName() + " seed " + seed + ": the first night");
            for (boolean byId : new boolean[] {false, true}) {
                List<Integer> idx = new ArrayList<>();
                for (TopK.Scored t : first) {
                    idx.add(s.pool.indexOf(t.id()));
                }
                if (byId) {
                    idx.sort(Comparator.comparing(i -> s.pool.ids[i]));
                }
                CandidateBlock pending = s.pool.rows(idx).block(s.spec);
                List<TopK.Scored> second = select(s, k2, pending);
                String what = m.cliName() + " seed " + seed + (byId ? " (pending by id)" : " (pending in pick order)");
                assertEquals(k2, second.size(), what);
                Set<String> pendingIds = new HashSet<>(Arrays.asList(pending.ids));
                for (int t = 0; t < k2; t++) {
                    TopK.Scored e = once.get(k1 + t);
                    TopK.Scored a = second.get(t);
                    assertFalse(pendingIds.contains(a.id()), what + ": picked pending item " + a.id());
                    assertEquals(e.id(), a.id(), what + ": pick " + (k1 + t));
                    assertRelClose(e.score(), a.score(), GAIN_REL, GAIN_FLOOR, what + ": gain of " + e.id());
                }
            }
        }
    }

    @Test
    void eigLogDetPendingThenBatchIsOneGreedy() {
        assertTwoNightsEqualOne(AcquisitionMethod.EIG_LOGDET, FactorSpec.Likelihood.SOFTMAX);
        assertTwoNightsEqualOne(AcquisitionMethod.EIG_LOGDET, FactorSpec.Likelihood.BERNOULLI);
    }

    @Test
    void epigLogDetPendingThenBatchIsOneGreedy() {
        assertTwoNightsEqualOne(AcquisitionMethod.EPIG_LOGDET, FactorSpec.Likelihood.SOFTMAX);
        assertTwoNightsEqualOne(AcquisitionMethod.EPIG_LOGDET, FactorSpec.Likelihood.BERNOULLI);
    }

    @Test
    void logDetAndBadgePendingThenBatchIsOneGreedy() {
        assertTwoNightsEqualOne(AcquisitionMethod.LOGDET, FactorSpec.Likelihood.SOFTMAX);
        assertTwoNightsEqualOne(AcquisitionMethod.BADGE, FactorSpec.Likelihood.SOFTMAX);
        assertTwoNightsEqualOne(AcquisitionMethod.LOGDET, FactorSpec.Likelihood.BERNOULLI);
    }

    /**
     * BAIT conditions through its labeled term: pending items give the selection of a labeled set
     * that also holds them (the dense sums of the oracle, not the code's own), and are never picked.
     */
    @Test
    void baitTreatsPendingAsLabeled() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Setup s = setup(AcquisitionMethod.BAIT, seed, FactorSpec.Likelihood.SOFTMAX);
            int k = 2 + (int) (seed % 3);
            List<Integer> idx = List.of(0, 3, 5);
            RandomProblems pendingSet = s.pool.rows(idx);
            DMatrixRMaj pendingF = new DMatrixRMaj(s.pool.c * s.pool.d, s.pool.c * s.pool.d);
            for (int i = 0; i < pendingSet.n; i++) {
                CommonOps_DDRM.addEquals(pendingF, DenseFisher.softmaxFisher(pendingSet.phi[i], pendingSet.probs[i]));
            }
            DMatrixRMaj dense = pendingF.copy();
            if (s.in.labeledFisherSum() != null) {
                CommonOps_DDRM.addEquals(dense, s.in.labeledFisherSum());
            }
            // BAIT's F stays the mean over pool ∪ labeled: the pending items move from the pool to the labeled set
            DMatrixRMaj poolF = s.in.poolFisherSum().copy();
            CommonOps_DDRM.subtractEquals(poolF, pendingF);
            PlanInputs asLabeled = s.in.withLabeled(dense, s.in.labeledCount() + pendingSet.n)
                    .withPool(poolF, s.in.poolCount() - pendingSet.n);
            Set<String> pendingIds = new HashSet<>(Arrays.asList(pendingSet.ids));
            List<CandidateBlock> rest = InMemorySelector.withoutPending(s.pool.blocks(s.spec, s.parts),
                    pendingSet.block(s.spec));
            List<TopK.Scored> expected = InMemorySelector.select(s.params.withK(k), asLabeled, rest);
            List<TopK.Scored> actual = select(s, k, pendingSet.block(s.spec));
            assertEquals(expected.size(), actual.size());
            for (int t = 0; t < expected.size(); t++) {
                assertFalse(pendingIds.contains(actual.get(t).id()), "seed " + seed);
                assertEquals(expected.get(t).id(), actual.get(t).id(), "seed " + seed + " pick " + t);
                assertRelClose(expected.get(t).score(), actual.get(t).score(), GAIN_REL, GAIN_FLOOR, "seed " + seed);
            }
        }
    }

    /** Top-k scores never pick a pending item; eig-trace reads H + Σ_pending F. */
    @Test
    void topKExcludesPendingAndEigTraceConditions() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Setup s = setup(AcquisitionMethod.EIG_TRACE, seed, FactorSpec.Likelihood.SOFTMAX);
            List<TopK.Scored> all = select(s, s.pool.n, null);
            List<Integer> idx = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                idx.add(s.pool.indexOf(all.get(t).id()));
            }
            RandomProblems pendingSet = s.pool.rows(idx);
            List<TopK.Scored> picks = select(s, 4, pendingSet.block(s.spec));
            DMatrixRMaj h = DenseFisher.identity(s.pool.c * s.pool.d, s.params.lambda());
            if (s.in.labeledFisherSum() != null) {
                CommonOps_DDRM.addEquals(h, s.in.labeledFisherSum());
            }
            for (int i = 0; i < pendingSet.n; i++) {
                CommonOps_DDRM.addEquals(h, DenseFisher.softmaxFisher(pendingSet.phi[i], pendingSet.probs[i]));
            }
            DMatrixRMaj hInv = DenseFisher.inverse(h);
            for (TopK.Scored t : picks) {
                assertFalse(Arrays.asList(pendingSet.ids).contains(t.id()), "seed " + seed + ": picked " + t.id());
                int i = s.pool.indexOf(t.id());
                double expected = 0.5 * DenseFisher.trace(DenseFisher.mult(
                        DenseFisher.softmaxFisher(s.pool.phi[i], s.pool.probs[i]), hInv));
                assertRelClose(expected, t.score(), GAIN_REL, GAIN_FLOOR, "seed " + seed + " eig-trace of " + t.id());
            }
        }
    }
}
