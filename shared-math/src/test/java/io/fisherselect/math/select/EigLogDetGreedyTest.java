package io.fisherselect.math.select;

import io.fisherselect.math.method.LogDetDriver;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;

import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.DenseOracles.DensePick;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Greedy eig-logdet (MethodPlans.greedy + GreedySelector, i.e. Woodbury updates of per-candidate
 * r×r states) against a brute-force greedy that evaluates, for every step and every remaining
 * candidate, ½ log det(I + Σ_{B∪{i}} F H⁻¹) − ½ log det(I + Σ_B F H⁻¹) with dense LU
 * determinants (paper eq. (51)).
 */
class EigLogDetGreedyTest {
    private static final int SEEDS = 30;
    /** relative tolerance of gains, and the absolute floor below which gains count as zero */
    private static final double GAIN_REL = 1e-9;
    private static final double GAIN_FLOOR = 1e-12;

    /** One random instance. */
    record Case(long seed, int n, int d, int c, int k, int rank, int labeled, int parts, boolean bias,
                FactorSpec.Likelihood likelihood, double noise, double lambda) {

        static Case of(long seed, int salt) {
            int d = 2 + (int) (seed % 5);
            int c = 2 + (int) ((seed / 5) % 4);
            int n = 8 + (int) ((seed * 7 + salt) % 53);
            int k = 1 + (int) ((seed + salt) % 8);
            double lambda = 0.25 + 0.5 * ((seed + salt) % 5);
            return new Case(seed * 131 + salt, n, d, c, k, 0, 0, 1, false, FactorSpec.Likelihood.SOFTMAX, 1.0, lambda);
        }

        Case withLabeled(int m) {
            return new Case(seed, n, d, c, k, rank, m, parts, bias, likelihood, noise, lambda);
        }

        Case withParts(int p) {
            return new Case(seed, n, d, c, k, rank, labeled, p, bias, likelihood, noise, lambda);
        }

        Case withRank(int r) {
            return new Case(seed, n, d, c, k, r, labeled, parts, bias, likelihood, noise, lambda);
        }

        Case withBias() {
            return new Case(seed, n, d, c, k, rank, labeled, parts, true, likelihood, noise, lambda);
        }

        Case gaussian(double sigma2) {
            return new Case(seed, n, d, c, k, rank, labeled, parts, bias, FactorSpec.Likelihood.GAUSSIAN, sigma2, lambda);
        }

        SelectionParams params() {
            return new SelectionParams(AcquisitionMethod.EIG_LOGDET, k, lambda, 0L, likelihood, noise, rank, bias);
        }
    }

    /** Everything both sides start from. */
    static final class Instance {
        final Case cs;
        final RandomProblems pool;
        final RandomProblems labeledSet;
        final SelectionParams params;
        final FactorSpec spec;
        final int r;
        final int dEff;
        final int dd;

        Instance(Case cs) {
            this.cs = cs;
            this.pool = RandomProblems.classification(cs.seed(), "p", cs.n(), cs.d(), cs.c());
            this.labeledSet = cs.labeled() > 0
                    ? RandomProblems.classification(cs.seed() + 999_983L, "l", cs.labeled(), cs.d(), cs.c())
                    : null;
            this.params = cs.params();
            this.spec = params.factorSpec();
            this.r = spec.columns(cs.c());
            this.dEff = spec.embeddingLength(cs.d());
            this.dd = cs.c() * dEff;
        }

        /** Σ_labeled Fⱼ as production code computes it, or null. */
        DMatrixRMaj labeledFisher() {
            return labeledSet == null ? null : FisherSum.of(labeledSet.block(spec));
        }

        GreedyDriver driver() {
            return MethodPlans.greedy(params, PlanInputs.shape(dEff, cs.c(), r).withLabeled(labeledFisher(), 0));
        }

        // ---- the dense side ----

        double[] phi(RandomProblems p, int i) {
            return cs.bias() ? DenseOracles.withBias(p.phi[i]) : p.phi[i].clone();
        }

        /** The dense Fᵢ the factor spec stands for. */
        DMatrixRMaj fisher(RandomProblems p, int i) {
            if (cs.likelihood() == FactorSpec.Likelihood.GAUSSIAN) {
                return DenseOracles.gaussianFisher(phi(p, i), cs.c(), cs.noise());
            }
            return DenseOracles.lowRankSoftmaxFisher(phi(p, i), p.probs[i], r);
        }

        List<DMatrixRMaj> poolFishers() {
            List<DMatrixRMaj> out = new ArrayList<>();
            for (int i = 0; i < pool.n; i++) {
                out.add(fisher(pool, i));
            }
            return out;
        }

        /** H = λI + Σ_labeled Fⱼ, densely. */
        DMatrixRMaj h() {
            DMatrixRMaj h = DenseFisher.identity(dd, cs.lambda());
            if (labeledSet != null) {
                for (int j = 0; j < labeledSet.n; j++) {
                    CommonOps_DDRM.addEquals(h, fisher(labeledSet, j));
                }
            }
            return h;
        }
    }

    /** Runs the selector and the brute force and compares picks, gains and the final M⁻¹. */
    private static void check(Instance in) {
        String what = in.cs.toString();
        GreedyDriver driver = in.driver();
        List<Pick> picks = GreedySelector.select(in.pool.blocks(in.spec, in.cs.parts()), driver, in.cs.k());

        DMatrixRMaj h = in.h();
        List<DMatrixRMaj> fishers = in.poolFishers();
        List<DensePick> expected = DenseOracles.eigLogDetGreedy(in.pool.ids, fishers, DenseFisher.inverse(h), in.cs.k());

        assertEquals(expected.size(), picks.size(), "number of picks, " + what);
        for (int t = 0; t < expected.size(); t++) {
            assertEquals(expected.get(t).id(), picks.get(t).id, "pick " + (t + 1) + ", " + what);
            assertRelClose(expected.get(t).gain(), picks.get(t).gain, GAIN_REL, GAIN_FLOOR,
                    "gain of pick " + (t + 1) + ", " + what);
        }

        // M_B⁻¹ on the driver (it has seen all picks but the last): (H + Σ_{B \ last} F)⁻¹
        assertTrue(driver instanceof LogDetDriver, "eig-logdet runs on LogDetDriver");
        DMatrixRMaj m = h.copy();
        for (int t = 0; t + 1 < expected.size(); t++) {
            CommonOps_DDRM.addEquals(m, fishers.get(indexOf(in.pool.ids, expected.get(t).id())));
        }
        assertClose(DenseFisher.inverse(m), ((LogDetDriver) driver).currentInverse(), 1e-9, "M_B⁻¹, " + what);
    }

    private static int indexOf(String[] ids, String id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        throw new AssertionError("unknown id " + id);
    }

    @Test
    void oneBlockWithoutLabeledSet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            check(new Instance(Case.of(seed, 1)));
        }
    }

    @Test
    void oneBlockWithLabeledSet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            check(new Instance(Case.of(seed, 2).withLabeled(3 + (int) (seed % 25))));
        }
    }

    @Test
    void severalBlocks() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case cs = Case.of(seed, 3).withParts(2 + (int) (seed % 4));
            if (seed % 2 == 0) {
                cs = cs.withLabeled(1 + (int) (seed % 17));
            }
            check(new Instance(cs));
        }
    }

    @Test
    void blocksThatAreEmptyOrSmallerThanK() {
        for (long seed = 0; seed < 10; seed++) {
            // n = k: every item is picked; parts > n: some blocks are empty
            Case base = Case.of(seed, 4);
            int n = 3 + (int) (seed % 4);
            Case cs = new Case(base.seed(), n, base.d(), base.c(), n, 0, (int) (seed % 3) * 4, n + 2, false,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, base.lambda());
            check(new Instance(cs));
        }
    }

    @Test
    void lowRankFisher() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Case base = Case.of(seed, 5);
            int c = 3 + (int) (seed % 3); // C ∈ {3,4,5}, so r < C leaves a choice
            int rank = 1 + (int) (seed % (c - 1));
            Case cs = new Case(base.seed(), base.n(), base.d(), c, base.k(), rank, 0, 1 + (int) (seed % 3), false,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, base.lambda());
            if (seed % 3 != 0) {
                cs = cs.withLabeled(2 + (int) (seed % 11));
            }
            Instance in = new Instance(cs);
            assertEquals(rank, in.r);
            check(in);
        }
    }

    @Test
    void biasColumnAndGaussianLikelihood() {
        for (long seed = 0; seed < 10; seed++) {
            check(new Instance(Case.of(seed, 6).withBias().withLabeled(4).withParts(1 + (int) (seed % 2))));
            check(new Instance(Case.of(seed, 7).gaussian(0.3 + 0.4 * seed).withLabeled((int) (seed % 2) * 5)));
        }
    }

    @Test
    void exactTiesGoToTheSmallerIdAcrossRowsAndBlocks() {
        for (long seed = 0; seed < 20; seed++) {
            int parts = 1 + (int) (seed % 3);
            Instance in = new Instance(Case.of(seed, 8).withParts(parts).withLabeled((int) (seed % 2) * 6));
            RandomProblems p = in.pool;
            int n = p.n;
            if (seed % 2 == 1) {
                // ids in the opposite order of rows: within a block the later row has the smaller id
                for (int i = 0; i < n; i++) {
                    p.ids[i] = String.format("p%05d", n - 1 - i);
                }
            }
            // a dominant item and exact copies of it, in other rows (and blocks, when parts > 1)
            int a = (int) (seed % n);
            for (int k = 0; k < p.d; k++) {
                p.phi[a][k] *= 4.0;
            }
            int[] copies = {(a + 2) % n, (a + n / 2) % n};
            for (int j : copies) {
                if (j != a) {
                    p.phi[j] = p.phi[a].clone();
                    p.probs[j] = p.probs[a].clone();
                }
            }
            // a second, weaker pair
            int b = (a + 1) % n;
            int bCopy = (a + 3) % n;
            if (b != bCopy && bCopy != a && b != copies[0] && b != copies[1] && bCopy != copies[0] && bCopy != copies[1]) {
                p.phi[bCopy] = p.phi[b].clone();
                p.probs[bCopy] = p.probs[b].clone();
            }
            check(in);
        }
    }

    /**
     * The states themselves: at every step every unpicked candidate's state equals the dense
     * Vᵢᵀ M_B⁻¹ Vᵢ and its gain the dense log-det difference, not only the argmax.
     */
    @Test
    void everyCandidateStateAndGainAtEveryStep() {
        for (long seed = 0; seed < 20; seed++) {
            Case base = Case.of(seed, 9);
            int c = base.c();
            int rank = seed % 2 == 0 ? 0 : 1 + (int) (seed % c);
            Case cs = new Case(base.seed(), Math.min(base.n(), 25), base.d(), c, 6, rank, (int) (seed % 3) * 5, 1,
                    seed % 5 == 0, FactorSpec.Likelihood.SOFTMAX, 1.0, base.lambda());
            Instance in = new Instance(cs);
            String what = cs.toString();
            CandidateBlock block = in.pool.block(in.spec);
            GreedyDriver driver = in.driver();
            GreedyObjective objective = driver.objective();
            BlockState state = BlockState.initial(block, objective);

            DMatrixRMaj h = in.h();
            DMatrixRMaj hInv = DenseFisher.inverse(h);
            List<DMatrixRMaj> fishers = in.poolFishers();
            List<DMatrixRMaj> vs = new ArrayList<>();
            for (int i = 0; i < block.n; i++) {
                vs.add(denseV(in, i));
            }
            DMatrixRMaj sumB = new DMatrixRMaj(in.dd, in.dd);
            DMatrixRMaj m = h.copy();
            boolean[] picked = new boolean[block.n];
            int w = objective.stateWidth();
            assertEquals(in.r * in.r, w);
            for (int t = 0; t < cs.k(); t++) {
                DMatrixRMaj mInv = DenseFisher.inverse(m);
                double base0 = DenseOracles.halfLogDetIPlus(sumB, hInv);
                double[] scratch = new double[objective.scratchSize()];
                for (int i = 0; i < block.n; i++) {
                    if (picked[i]) {
                        continue;
                    }
                    DMatrixRMaj s = new DMatrixRMaj(in.r, in.r);
                    DMatrixRMaj vtm = new DMatrixRMaj(in.r, in.dd);
                    CommonOps_DDRM.multTransA(vs.get(i), mInv, vtm);
                    CommonOps_DDRM.mult(vtm, vs.get(i), s);
                    assertClose(s.data, 0, state.values, i * w, w, 1e-9, "state of row " + i + " at step " + t + ", " + what);
                    double g = DenseOracles.halfLogDetIPlus(DenseFisher.plus(sumB, fishers.get(i)), hInv) - base0;
                    assertRelClose(g, objective.gain(block, i, state.values, scratch), GAIN_REL, GAIN_FLOOR,
                            "gain of row " + i + " at step " + t + ", " + what);
                }
                Pick best = state.best(block, objective);
                assertNotNull(best);
                int bi = indexOf(block.ids, best.id);
                assertTrue(!picked[bi]);
                picked[bi] = true;
                CommonOps_DDRM.addEquals(sumB, fishers.get(bi));
                CommonOps_DDRM.addEquals(m, fishers.get(bi));
                state = state.next(block, objective, best.id, driver.afterPick(best));
                assertTrue(state.picked[bi], "picked row is marked");
            }
        }
    }

    /** The oracle's Vᵢ = [√π_c (e_c − π) ⊗ φ]_{c ∈ kept classes} (or I/σ ⊗ φ), D×r. */
    private static DMatrixRMaj denseV(Instance in, int i) {
        double[] phi = in.phi(in.pool, i);
        if (in.cs.likelihood() == FactorSpec.Likelihood.GAUSSIAN) {
            return DenseFisher.kron(DenseFisher.identity(in.cs.c(), 1.0 / Math.sqrt(in.cs.noise())), DenseFisher.column(phi));
        }
        int[] cols = DenseOracles.topClasses(in.pool.probs[i], in.r);
        DMatrixRMaj v = new DMatrixRMaj(in.dd, in.r);
        for (int j = 0; j < in.r; j++) {
            double[] col = DenseOracles.classColumn(phi, in.pool.probs[i], cols[j]);
            for (int row = 0; row < in.dd; row++) {
                v.set(row, j, col[row]);
            }
        }
        return v;
    }
}
