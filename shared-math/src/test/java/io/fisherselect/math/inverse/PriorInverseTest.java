package io.fisherselect.math.inverse;

import io.fisherselect.math.select.CandidateBlock;

import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.RandomProblems;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** PriorInverse.quadraticForm against dense Vᵀ H⁻¹ V with H = λI + Σ_labeled Fⱼ. */
class PriorInverseTest {
    private static final int SEEDS = 40;
    private static final double TOL = 1e-10;

    private static DMatrixRMaj denseV(CandidateBlock b, int row) {
        return DenseFisher.kron(new DMatrixRMaj(b.c, b.r, true, b.factorOf(row)), DenseFisher.column(b.phiOf(row)));
    }

    private static DMatrixRMaj vtMv(DMatrixRMaj v, DMatrixRMaj m) {
        DMatrixRMaj vtm = new DMatrixRMaj(v.numCols, m.numCols);
        CommonOps_DDRM.multTransA(v, m, vtm);
        DMatrixRMaj out = new DMatrixRMaj(v.numCols, v.numCols);
        CommonOps_DDRM.mult(vtm, v, out);
        return out;
    }

    private static void check(PriorInverse prior, DMatrixRMaj hInv, CandidateBlock b, String what) {
        double[] scratch = new double[prior.scratchSize()];
        for (int i = 0; i < b.n; i++) {
            double[] out = new double[1 + b.r * b.r];
            Arrays.fill(scratch, Double.NaN); // scratch must not be read before it is written
            prior.quadraticForm(b, i, out, 1, scratch);
            assertClose(vtMv(denseV(b, i), hInv).data, 0, out, 1, b.r * b.r, TOL, what + " row " + i);
        }
    }

    @Test
    void isotropicAndDensePriorsMatchDense() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 5);
            int c = 2 + (int) ((seed / 5) % 4);
            int r = 1 + (int) (seed % c);
            double lambda = 0.3 + 0.2 * (seed % 7);
            RandomProblems pool = RandomProblems.classification(3000 + seed, "p", 8, d, c);
            RandomProblems labeled = RandomProblems.classification(4000 + seed, "l", 5 + (int) (seed % 20), d, c);
            FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
            CandidateBlock b = pool.block(spec);
            int dd = c * d;

            PriorInverse iso = PriorInverse.isotropic(lambda, d, c);
            assertTrue(iso.isIsotropic());
            check(iso, DenseFisher.inverse(DenseFisher.identity(dd, lambda)), b, "isotropic seed " + seed);

            DMatrixRMaj h = DenseFisher.identity(dd, lambda);
            for (int j = 0; j < labeled.n; j++) {
                CommonOps_DDRM.addEquals(h, DenseFisher.softmaxFisher(labeled.phi[j], labeled.probs[j]));
            }
            DMatrixRMaj hInv = DenseFisher.inverse(h);
            PriorInverse dense = PriorInverse.dense(hInv, d, c);
            assertFalse(dense.isIsotropic());
            check(dense, hInv, b, "dense seed " + seed);
        }
    }
}
