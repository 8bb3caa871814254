package io.fisherselect.math.fisher;

import io.fisherselect.math.plan.PlanInputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.score.FisherScores;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.select.BlockState;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The paper's identities that the methods rest on, checked with dense matrices: the EGL closed
 * form (§7.4, eq. (78)), Lemma 5.1, Proposition 6.1, and the low-rank softmax Fisher.
 */
class FisherIdentitiesTest {

    private static double norm2(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    private static DMatrixRMaj transpose(DMatrixRMaj a) {
        DMatrixRMaj t = new DMatrixRMaj(a.numCols, a.numRows);
        CommonOps_DDRM.transpose(a, t);
        return t;
    }

    /** E_y‖∇ℓ‖² = Σ_y π_y ‖(π − e_y) ⊗ φ‖² = (1 − ‖π‖²)‖φ‖² = tr Fᵢ, and the egl score. */
    @Test
    void expectedGradientLengthClosedForm() {
        ItemScore egl = FisherScores.expectedGradientLength();
        for (long seed = 0; seed < 25; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "e", 10, 2 + (int) (seed % 4), 2 + (int) (seed % 6));
            CandidateBlock b = pr.block(FactorSpec.fisher());
            for (int i = 0; i < pr.n; i++) {
                double[] p = pr.probs[i];
                double expected = 0;
                for (int y = 0; y < pr.c; y++) {
                    expected += p[y] * norm2(DenseFisher.gradient(pr.phi[i], p, y));
                }
                double closed = (1 - norm2(p)) * norm2(pr.phi[i]);
                double trace = DenseFisher.trace(DenseFisher.softmaxFisher(pr.phi[i], p));
                assertEquals(expected, closed, 1e-12 * (1 + expected));
                assertEquals(expected, trace, 1e-12 * (1 + expected));
                assertEquals(expected, egl.score(b, i, null), 1e-12 * (1 + expected));
            }
        }
    }

    /** Lemma 5.1: log det(I + A) ≤ tr A for symmetric PSD A, with equality iff A = 0. */
    @Test
    void lemma51LogDetIsBelowTrace() {
        Random rnd = new Random(51);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(7);
            int rank = rnd.nextInt(n + 1);
            double scale = Math.pow(10, -3 + 4 * rnd.nextDouble());
            DMatrixRMaj b = new DMatrixRMaj(n, Math.max(rank, 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < rank; j++) {
                    b.set(i, j, scale * rnd.nextGaussian());
                }
            }
            DMatrixRMaj a = DenseFisher.mult(b, transpose(b));
            double logDet = DenseFisher.logDet(DenseFisher.plus(DenseFisher.identity(n, 1), a));
            double tr = DenseFisher.trace(a);
            if (rank == 0) {
                assertEquals(0.0, logDet, 1e-15);
                assertEquals(0.0, tr);
            } else {
                assertTrue(logDet < tr, "log det " + logDet + " vs tr " + tr);
            }
        }
        // through the code: the single-item eig-logdet gain is below the eig-trace score
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pr = RandomProblems.classification(seed, "l", 15, 3, 3);
            RandomProblems lab = RandomProblems.classification(seed + 77, "lab", 6, 3, 3);
            DMatrixRMaj hl = FisherSum.of(lab.block(FactorSpec.fisher()));
            SelectionParams logdet = SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 3).withLambda(0.5);
            SelectionParams trace = SelectionParams.of(AcquisitionMethod.EIG_TRACE, 3).withLambda(0.5);
            CandidateBlock b = pr.block(FactorSpec.fisher());
            GreedyDriver driver = MethodPlans.greedy(logdet, PlanInputs.shape(3, 3, 3).withLabeled(hl, 0));
            BlockState st = BlockState.initial(b, driver.objective());
            ItemScore tr = MethodPlans.score(trace, PlanInputs.shape(3, 3, 3).withLabeled(hl, 0));
            double[] scratch = new double[Math.max(driver.objective().scratchSize(), tr.scratchSize())];
            for (int i = 0; i < b.n; i++) {
                double gain = driver.objective().gain(b, i, st.values, scratch);
                assertTrue(gain <= tr.score(b, i, scratch) + 1e-12);
            }
        }
    }

    /**
     * Proposition 6.1 via the matrix determinant lemma: for K gradient embeddings (rows of G) and
     * H = λI + Σ_labeled F, log det(G H⁻¹ Gᵀ + I_K) = log det(I_D + H⁻¹ GᵀG); with H = I,
     * det(I + GGᵀ) = det(I + GᵀG).
     */
    @Test
    void proposition61SimilarityAndWeightSpaceLogDetsAgree() {
        for (long seed = 0; seed < 20; seed++) {
            int d = 2 + (int) (seed % 3);
            int c = 2 + (int) (seed % 3);
            int k = 1 + (int) (seed % 6);
            RandomProblems pr = RandomProblems.classification(seed, "g", k, d, c);
            DMatrixRMaj g = new DMatrixRMaj(k, c * d);
            for (int i = 0; i < k; i++) {
                double[] row = DenseFisher.gradient(pr.phi[i], pr.probs[i], FisherFactor.argmax(pr.probs[i]));
                System.arraycopy(row, 0, g.data, i * c * d, c * d);
            }
            DMatrixRMaj gt = transpose(g);
            assertEquals(DenseFisher.logDet(DenseFisher.plus(DenseFisher.identity(k, 1), DenseFisher.mult(g, gt))),
                    DenseFisher.logDet(DenseFisher.plus(DenseFisher.identity(c * d, 1), DenseFisher.mult(gt, g))), 1e-9);
            RandomProblems lab = RandomProblems.classification(seed + 500, "lab", 5, d, c);
            DMatrixRMaj h = DenseFisher.identity(c * d, 0.3);
            for (int i = 0; i < lab.n; i++) {
                h = DenseFisher.plus(h, DenseFisher.softmaxFisher(lab.phi[i], lab.probs[i]));
            }
            DMatrixRMaj hInv = DenseFisher.inverse(h);
            double similarity = DenseFisher.logDet(DenseFisher.plus(DenseFisher.identity(k, 1),
                    DenseFisher.mult(DenseFisher.mult(g, hInv), gt)));
            double weight = DenseFisher.logDet(DenseFisher.plus(DenseFisher.identity(c * d, 1),
                    DenseFisher.mult(hInv, DenseFisher.mult(gt, g))));
            assertEquals(similarity, weight, 1e-8 * (1 + Math.abs(weight)));
        }
    }

    /** Σ_{c ∈ top r} π_c (e_c − π)(e_c − π)ᵀ ⊗ φφᵀ, written from the definition. */
    private static DMatrixRMaj denseLowRankFisher(double[] phi, double[] p, int r) {
        int c = p.length;
        int[] top = IntStream.range(0, c).boxed().sorted(Comparator.comparingDouble((Integer j) -> -p[j]))
                .limit(r).mapToInt(Integer::intValue).toArray();
        DMatrixRMaj b = new DMatrixRMaj(c, c);
        for (int col : top) {
            double[] v = new double[c];
            for (int i = 0; i < c; i++) {
                v[i] = (i == col ? 1 : 0) - p[i];
            }
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    b.add(i, j, p[col] * v[i] * v[j]);
                }
            }
        }
        DMatrixRMaj pp = new DMatrixRMaj(phi.length, phi.length);
        CommonOps_DDRM.multTransB(DenseFisher.column(phi), DenseFisher.column(phi), pp);
        return DenseFisher.kron(b, pp);
    }

    /**
     * fisher-rank r &lt; C: the factor reproduces the dense low-rank Fisher (exact at r = C), and
     * greedy eig-logdet with it makes the dense greedy picks with the dense gains.
     */
    @Test
    void lowRankFisherMatchesTheDenseLowRankFisherAndRunsGreedy() {
        for (long seed = 0; seed < 20; seed++) {
            int d = 2 + (int) (seed % 2);
            int c = 3 + (int) (seed % 3);
            int r = 1 + (int) (seed % (c - 1));
            double lambda = 0.5 + seed % 3;
            SelectionParams p = new SelectionParams(AcquisitionMethod.EIG_LOGDET, 4, lambda, seed,
                    FactorSpec.Likelihood.SOFTMAX, 1.0, r, false);
            RandomProblems pr = RandomProblems.classification(seed, "r", 12, d, c);
            CandidateBlock b = pr.block(p.factorSpec());
            assertEquals(r, b.r);
            for (int i = 0; i < pr.n; i++) {
                DMatrixRMaj f = new DMatrixRMaj(c * d, c * d);
                KroneckerOps.addFisher(f, 1.0, b.phi, b.phiOffset(i), d, b.factor, b.factorOffset(i), c, r);
                DMatrixRMaj dense = denseLowRankFisher(pr.phi[i], pr.probs[i], r);
                DMatrixRMaj full = denseLowRankFisher(pr.phi[i], pr.probs[i], c);
                for (int e = 0; e < f.data.length; e++) {
                    assertEquals(dense.data[e], f.data[e], 1e-12);
                }
                DMatrixRMaj exact = DenseFisher.softmaxFisher(pr.phi[i], pr.probs[i]);
                for (int e = 0; e < f.data.length; e++) {
                    assertEquals(exact.data[e], full.data[e], 1e-12);
                }
            }
            RandomProblems lab = RandomProblems.classification(seed + 900, "lab", 8, d, c);
            DMatrixRMaj labeled = FisherSum.of(lab.block(FactorSpec.fisher()));
            List<Pick> picks = GreedySelector.select(pr.blocks(p.factorSpec(), 3), MethodPlans.greedy(p, PlanInputs.shape(d, c, r).withLabeled(labeled, 0)), 4);
            assertEquals(4, picks.size());
            DMatrixRMaj m = DenseFisher.identity(c * d, lambda);
            for (int i = 0; i < lab.n; i++) {
                m = DenseFisher.plus(m, DenseFisher.softmaxFisher(lab.phi[i], lab.probs[i]));
            }
            Set<String> taken = new HashSet<>();
            for (Pick pick : picks) {
                double base = DenseFisher.logDet(m);
                double bestDense = Double.NEGATIVE_INFINITY;
                List<Double> gains = new ArrayList<>();
                for (int i = 0; i < pr.n; i++) {
                    double gain = 0.5 * (DenseFisher.logDet(DenseFisher.plus(m, denseLowRankFisher(pr.phi[i], pr.probs[i], r))) - base);
                    gains.add(gain);
                    if (!taken.contains(pr.ids[i])) {
                        bestDense = Math.max(bestDense, gain);
                    }
                }
                int row = List.of(pr.ids).indexOf(pick.id);
                assertEquals(gains.get(row), pick.gain, 1e-9 * (1 + pick.gain));
                assertEquals(bestDense, pick.gain, 1e-9 * (1 + bestDense), "the greedy pick is the dense argmax");
                taken.add(pick.id);
                m = DenseFisher.plus(m, denseLowRankFisher(pr.phi[row], pr.probs[row], r));
            }
        }
    }
}
