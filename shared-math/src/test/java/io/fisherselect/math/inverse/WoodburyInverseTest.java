package io.fisherselect.math.inverse;

import io.fisherselect.math.select.CandidateBlock;

import static io.fisherselect.math.testing.MatrixAsserts.assertClose;

import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.testing.DenseFisher;
import io.fisherselect.math.testing.DenseOracles;
import io.fisherselect.math.testing.MatrixAsserts;
import io.fisherselect.math.testing.RandomProblems;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** WoodburyInverse against (M₀ + Σ V Vᵀ)⁻¹ by LU. */
class WoodburyInverseTest {
    private static final int SEEDS = 40;
    private static final double TOL = 1e-10;

    @Test
    void inverseAfterSeveralAdditionsMatchesDense() {
        for (long seed = 0; seed < SEEDS; seed++) {
            int d = 2 + (int) (seed % 5);
            int c = 2 + (int) ((seed / 5) % 4);
            int r = 1 + (int) (seed % c);
            int dd = c * d;
            double lambda = 0.5 + 0.25 * (seed % 5);
            RandomProblems p = RandomProblems.classification(5000 + seed, "w", 10, d, c);
            RandomProblems labeled = RandomProblems.classification(6000 + seed, "l", 6, d, c);
            FactorSpec spec = new FactorSpec(FactorSpec.Kind.FISHER, FactorSpec.Likelihood.SOFTMAX, r, 1.0, false);
            CandidateBlock b = p.block(spec);

            // M₀ = λI (isotropic) and M₀ = H = λI + Σ_labeled F (dense)
            DMatrixRMaj h = DenseFisher.identity(dd, lambda);
            for (int j = 0; j < labeled.n; j++) {
                CommonOps_DDRM.addEquals(h, DenseFisher.softmaxFisher(labeled.phi[j], labeled.probs[j]));
            }
            for (boolean isotropic : new boolean[] {true, false}) {
                DMatrixRMaj m = isotropic ? DenseFisher.identity(dd, lambda) : h.copy();
                WoodburyInverse w = isotropic
                        ? WoodburyInverse.isotropic(lambda, d, c)
                        : new WoodburyInverse(DenseFisher.inverse(h), d, c);
                assertClose(DenseFisher.inverse(m), w.inverse(), TOL, "M₀⁻¹");
                for (int i = 0; i < b.n; i++) {
                    DMatrixRMaj oldInverse = DenseFisher.inverse(m);
                    DMatrixRMaj wm = w.addFactor(b.phiOf(i), b.factorOf(i), b.r);
                    CommonOps_DDRM.addEquals(m, DenseOracles.lowRankSoftmaxFisher(p.phi[i], p.probs[i], r));
                    String what = (isotropic ? "isotropic" : "dense") + " seed " + seed + " after " + (i + 1);
                    assertClose(DenseFisher.inverse(m), w.inverse(), TOL, "M⁻¹ " + what);
                    // the returned W satisfies M⁻¹_new = M⁻¹_old − W Wᵀ
                    DMatrixRMaj expectedDrop = new DMatrixRMaj(dd, dd);
                    CommonOps_DDRM.subtract(oldInverse, DenseFisher.inverse(m), expectedDrop);
                    DMatrixRMaj wwt = new DMatrixRMaj(dd, dd);
                    CommonOps_DDRM.multTransB(wm, wm, wwt);
                    // relative to the size of M⁻¹: the drop itself can be tiny and the dense
                    // difference of two inverses only resolves it to round-off of M⁻¹
                    double scale = MatrixAsserts.scale(oldInverse.data, 0, dd * dd, 0.0);
                    MatrixAsserts.assertCloseAbs(expectedDrop, wwt, TOL * scale, "W Wᵀ " + what);
                }
            }
        }
    }

    /**
     * The two D²·r products of a pick's update against the EJML calls they replace, bit for bit:
     * {@code CommonOps_DDRM.mult} and {@code multAddTransB} + {@code SpdOps.symmetrize}, on random
     * matrices (also not exactly symmetric ones, as after a re-factorisation) of many shapes.
     */
    @Test
    void updateProductsGiveTheBitsOfTheGenericKernels() {
        java.util.Random rnd = new java.util.Random(404);
        for (int seed = 0; seed < 60; seed++) {
            int n = 1 + rnd.nextInt(seed < 50 ? 40 : 700);
            int r = 1 + rnd.nextInt(seed % 3 == 0 ? 20 : 12);
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            DMatrixRMaj b = new DMatrixRMaj(n, r);
            for (int i = 0; i < a.data.length; i++) {
                a.data[i] = rnd.nextGaussian() * (rnd.nextInt(30) == 0 ? 0.0 : 1.0);
            }
            if (seed % 2 == 0) {
                io.fisherselect.math.linalg.SpdOps.symmetrize(a);
            }
            for (int i = 0; i < b.data.length; i++) {
                b.data[i] = rnd.nextGaussian();
            }
            String what = "seed " + seed + ", n=" + n + ", r=" + r;
            DMatrixRMaj expected = new DMatrixRMaj(n, r);
            CommonOps_DDRM.mult(a, b, expected);
            DMatrixRMaj actual = new DMatrixRMaj(n, r);
            java.util.Arrays.fill(actual.data, Double.NaN);
            io.fisherselect.math.linalg.DenseOps.mult(a, b, actual);
            assertBits(expected.data, actual.data, what + ", M⁻¹V");

            double alpha = rnd.nextBoolean() ? -1.0 : 1.0;
            DMatrixRMaj expectedSum = a.copy();
            CommonOps_DDRM.multAddTransB(alpha, b, b, expectedSum);
            io.fisherselect.math.linalg.SpdOps.symmetrize(expectedSum);
            DMatrixRMaj actualSum = a.copy();
            WoodburyInverse.subtractGramSymmetrized(alpha, b, actualSum);
            assertBits(expectedSum.data, actualSum.data, what + ", sym(M⁻¹ − W Wᵀ)");
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError(what + ": value " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
