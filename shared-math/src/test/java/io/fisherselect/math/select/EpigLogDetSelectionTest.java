package io.fisherselect.math.select;

import io.fisherselect.math.method.EpigLogDetDriver;
import io.fisherselect.math.plan.SelectionParams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherFactor;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@code epig-logdet} against a brute-force greedy minimisation of ½ log det(F_eval M⁻¹ + I),
 * M = H + Σ_B Fᵢ (paper eq. (67)), recomputed with D×D matrices and LU for every candidate at
 * every step.
 */
class EpigLogDetSelectionTest {

    /** Dense Fᵢ: the independent formula at full rank, (AAᵀ) ⊗ φφᵀ of the top-r factor below it. */
    static DMatrixRMaj denseFisher(double[] phi, double[] probs, int r) {
        if (r == probs.length) {
            return DenseFisher.softmaxFisher(phi, probs);
        }
        int c = probs.length;
        double[] a = new double[c * r];
        FisherFactor.softmax(probs, r, a, 0);
        DMatrixRMaj am = new DMatrixRMaj(c, r, true, a);
        DMatrixRMaj b = new DMatrixRMaj(c, c);
        CommonOps_DDRM.multTransB(am, am, b);
        DMatrixRMaj pp = new DMatrixRMaj(phi.length, phi.length);
        CommonOps_DDRM.multTransB(DenseFisher.column(phi), DenseFisher.column(phi), pp);
        return DenseFisher.kron(b, pp);
    }

    static DMatrixRMaj sumFisher(RandomProblems set, int r) {
        DMatrixRMaj s = new DMatrixRMaj(set.c * set.d, set.c * set.d);
        for (int i = 0; i < set.n; i++) {
            CommonOps_DDRM.addEquals(s, denseFisher(set.phi[i], set.probs[i], r));
        }
        return s;
    }

    /** ½ log det(F_eval M⁻¹ + I), eq. (67), by LU. */
    static double objective(DMatrixRMaj fEval, DMatrixRMaj m) {
        DMatrixRMaj a = DenseFisher.mult(fEval, DenseFisher.inverse(m));
        return 0.5 * DenseFisher.logDet(DenseFisher.plus(a, DenseFisher.identity(m.numRows, 1.0)));
    }

    /** The brute-force greedy: picks (id, gain) in order. */
    static List<Pick> bruteForce(RandomProblems pool, int r, DMatrixRMaj h, DMatrixRMaj fEval, int k) {
        DMatrixRMaj[] f = new DMatrixRMaj[pool.n];
        for (int i = 0; i < pool.n; i++) {
            f[i] = denseFisher(pool.phi[i], pool.probs[i], r);
        }
        DMatrixRMaj m = h.copy();
        boolean[] picked = new boolean[pool.n];
        List<Pick> picks = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            double current = objective(fEval, m);
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < pool.n; i++) {
                if (picked[i]) {
                    continue;
                }
                double g = current - objective(fEval, DenseFisher.plus(m, f[i]));
                if (best < 0 || Pick.better(g, pool.ids[i], bestGain, pool.ids[best])) {
                    best = i;
                    bestGain = g;
                }
            }
            picked[best] = true;
            picks.add(new Pick(pool.ids[best], bestGain, null, null, null));
            CommonOps_DDRM.addEquals(m, f[best]);
        }
        return picks;
    }

    static void assertSamePicks(List<Pick> expected, List<Pick> actual, double relTol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of picks");
        for (int t = 0; t < expected.size(); t++) {
            Pick e = expected.get(t);
            Pick a = actual.get(t);
            assertEquals(e.id, a.id, what + ": pick " + t);
            double tol = relTol * Math.max(Math.abs(e.gain), Math.abs(a.gain)) + 1e-14;
            assertTrue(Math.abs(e.gain - a.gain) <= tol,
                    what + ": gain of pick " + t + " (" + e.id + "): expected " + e.gain + ", got " + a.gain);
        }
    }

    private static SelectionParams params(int k, double lambda) {
        // the enum has no epig-logdet yet; the factory only reads k and λ
        return SelectionParams.of(AcquisitionMethod.EIG_LOGDET, k).withLambda(lambda);
    }

    private record Case(RandomProblems pool, FactorSpec spec, int r, DMatrixRMaj labeledSum, DMatrixRMaj h,
                        DMatrixRMaj fEval, double lambda, int k) {
    }

    private static Case randomCase(long seed, int rank) {
        int c = 3 + (int) (seed % 2);
        int d = 2 + (int) (seed % 3);
        int n = 24;
        double lambda = seed % 4 == 0 ? 1.0 : 0.3 + 0.2 * (seed % 5);
        RandomProblems pool = RandomProblems.classification(1000 + seed, "p", n, d, c);
        int r = rank <= 0 ? c : Math.min(rank, c);
        FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, rank, 1.0, false);
        DMatrixRMaj labeledSum = null;
        DMatrixRMaj h = DenseFisher.identity(c * d, lambda);
        if (seed % 3 != 0) {
            RandomProblems labeled = RandomProblems.classification(2000 + seed, "l", 3 + (int) (seed % 5), d, c);
            labeledSum = sumFisher(labeled, r);
            h = DenseFisher.plus(h, labeledSum);
        }
        RandomProblems eval = seed % 2 == 0 ? pool : RandomProblems.classification(3000 + seed, "e", 15, d, c);
        DMatrixRMaj fEval = sumFisher(eval, r);
        CommonOps_DDRM.scale(1.0 / eval.n, fEval);
        return new Case(pool, spec, r, labeledSum, h, fEval, lambda, 5);
    }

    private static List<Pick> structured(Case cs, int parts) {
        EpigLogDetDriver driver = EpigLogDetDriver.create(params(cs.k, cs.lambda), cs.labeledSum, cs.fEval,
                cs.pool.d, cs.pool.c, cs.r);
        return GreedySelector.select(cs.pool.blocks(cs.spec, parts), driver, cs.k);
    }

    @Test
    void matchesBruteForceOnRandomProblems() {
        for (long seed = 0; seed < 30; seed++) {
            Case cs = randomCase(seed, 0);
            List<Pick> expected = bruteForce(cs.pool, cs.r, cs.h, cs.fEval, cs.k);
            assertSamePicks(expected, structured(cs, 1), 1e-9, "seed " + seed);
        }
    }

    @Test
    void matchesBruteForceWithLowRankFactors() {
        for (long seed = 0; seed < 20; seed++) {
            Case cs = randomCase(seed, 2);
            List<Pick> expected = bruteForce(cs.pool, cs.r, cs.h, cs.fEval, cs.k);
            assertSamePicks(expected, structured(cs, 1), 1e-9, "seed " + seed + " (r = 2)");
        }
    }

    @Test
    void gainsArePositiveAndDecreaseTheObjective() {
        Case cs = randomCase(7, 0);
        List<Pick> picks = structured(cs, 1);
        double total = 0;
        for (Pick p : picks) {
            assertTrue(p.gain > 0, "gain " + p.gain);
            total += p.gain;
        }
        // the gains telescope: Φ(∅) − Φ(B)
        DMatrixRMaj m = cs.h.copy();
        for (Pick p : picks) {
            int i = Integer.parseInt(p.id.substring(1));
            CommonOps_DDRM.addEquals(m, denseFisher(cs.pool.phi[i], cs.pool.probs[i], cs.r));
        }
        double drop = objective(cs.fEval, cs.h) - objective(cs.fEval, m);
        assertEquals(drop, total, 1e-10 * Math.abs(drop));
    }

    @Test
    void blocksGiveTheSamePicksAsOneBlock() {
        for (long seed = 0; seed < 20; seed++) {
            Case cs = randomCase(seed, seed % 2 == 0 ? 0 : 2);
            List<Pick> one = structured(cs, 1);
            for (int parts : new int[] {2, 3, 7}) {
                List<Pick> split = structured(cs, parts);
                assertEquals(one.size(), split.size());
                for (int t = 0; t < one.size(); t++) {
                    assertEquals(one.get(t).id, split.get(t).id, "seed " + seed + ", " + parts + " blocks, pick " + t);
                    assertEquals(one.get(t).gain, split.get(t).gain, 0.0, "seed " + seed + ", " + parts + " blocks");
                }
            }
        }
    }
}
