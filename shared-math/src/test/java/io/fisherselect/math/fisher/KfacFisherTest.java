package io.fisherselect.math.fisher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.testing.DenseFisher;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * --fisher kfac against the slow dense formulas: n·(mean B) ⊗ (mean φφᵀ) equals Σᵢ (diag πᵢ −
 * πᵢπᵢᵀ) ⊗ φᵢφᵢᵀ when the factorisation is exact (one item; π the same for every item), and is
 * an approximation otherwise.
 */
class KfacFisherTest {
    static final FactorSpec SPEC = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, 0, 1.0,
            false);

    static double[] probs(Random rnd, int c) {
        double[] p = new double[c];
        double z = 0;
        for (int k = 0; k < c; k++) {
            p[k] = Math.exp(rnd.nextGaussian());
            z += p[k];
        }
        for (int k = 0; k < c; k++) {
            p[k] /= z;
        }
        return p;
    }

    /** A block of n items; with {@code sharedProbs} every item has the same π. */
    static Object[] problem(long seed, int n, int d, int c, boolean sharedProbs) {
        Random rnd = new Random(seed);
        CandidateBlockBuilder b = new CandidateBlockBuilder(SPEC, c);
        DMatrixRMaj dense = new DMatrixRMaj(c * d, c * d);
        double[] shared = probs(rnd, c);
        for (int i = 0; i < n; i++) {
            double[] phi = new double[d];
            for (int j = 0; j < d; j++) {
                phi[j] = rnd.nextGaussian();
            }
            double[] p = sharedProbs ? shared : probs(rnd, c);
            b.add("i" + i, phi, p, -1);
            CommonOps_DDRM.addEquals(dense, DenseFisher.softmaxFisher(phi, p));
        }
        return new Object[] {b.build(d), dense};
    }

    static DMatrixRMaj kfac(CandidateBlock b) {
        return KfacFisher.sum(KfacFisher.partial(b), b.d, b.c);
    }

    static double maxRelDiff(DMatrixRMaj a, DMatrixRMaj b) {
        double scale = Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(b));
        double m = 0;
        for (int i = 0; i < a.data.length; i++) {
            m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
        }
        return m / scale;
    }

    @Test
    void exactForOneItem() {
        for (long seed = 1; seed <= 5; seed++) {
            Object[] pr = problem(seed, 1, 2 + (int) seed % 3, 3 + (int) seed % 2, false);
            CandidateBlock b = (CandidateBlock) pr[0];
            assertTrue(maxRelDiff(kfac(b), (DMatrixRMaj) pr[1]) < 1e-13);
            assertTrue(maxRelDiff(kfac(b), FisherSum.of(b)) < 1e-13);
        }
    }

    @Test
    void exactWhenProbabilitiesAreFixedAcrossItems() {
        Object[] pr = problem(9, 40, 4, 5, true);
        CandidateBlock b = (CandidateBlock) pr[0];
        assertTrue(maxRelDiff(kfac(b), (DMatrixRMaj) pr[1]) < 1e-12);
    }

    @Test
    void partialSumsAddUp() {
        Object[] pr = problem(11, 30, 3, 4, true);
        CandidateBlock b = (CandidateBlock) pr[0];
        double[] p1 = KfacFisher.partial(b.rows(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        int[] rest = new int[20];
        for (int i = 0; i < 20; i++) {
            rest[i] = 10 + i;
        }
        KfacFisher.add(p1, KfacFisher.partial(b.rows(rest)));
        assertTrue(maxRelDiff(KfacFisher.sum(p1, b.d, b.c), (DMatrixRMaj) pr[1]) < 1e-12);
    }

    @Test
    void anApproximationOtherwise() {
        Object[] pr = problem(13, 40, 4, 5, false);
        CandidateBlock b = (CandidateBlock) pr[0];
        double diff = maxRelDiff(kfac(b), (DMatrixRMaj) pr[1]);
        assertTrue(diff > 1e-6, "differs from the exact sum: " + diff);
        // same trace structure: tr(G ⊗ A)·n = tr(ΣB)·tr(Σφφᵀ)/n, both positive semi-definite
        assertTrue(CommonOps_DDRM.trace(kfac(b)) > 0);
    }
}
