package io.fisherselect.math.linalg;

import static io.fisherselect.math.testing.DenseOracles.gram;
import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.testing.DenseFisher;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** SpdOps against LU-based inverses and determinants. */
class SpdOpsTest {
    private static final int SEEDS = 40;

    @Test
    void invertAndLogDetMatchDense() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + (int) (seed % 30);
            DMatrixRMaj a = gram(rnd, n, n, 0.5);
            DMatrixRMaj before = a.copy();
            DMatrixRMaj inv = SpdOps.invert(a, "A");
            assertClose(DenseFisher.inverse(a), inv, 1e-10, "A⁻¹ seed " + seed + " n " + n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(inv.get(i, j), inv.get(j, i), 0.0, "symmetric");
                }
            }
            assertRelClose(DenseFisher.logDet(a), SpdOps.logDet(a, "A"), 1e-11, 1e-12, "log det seed " + seed);
            assertClose(before, a, 0.0, "input left unchanged");
            // L Lᵀ = A
            DMatrixRMaj l = SpdOps.cholesky(a, "A");
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    assertEquals(0.0, l.get(i, j), 0.0, "L is lower triangular");
                }
            }
            DMatrixRMaj llt = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(l, l, llt);
            assertClose(a, llt, 1e-12, "L Lᵀ seed " + seed);
        }
    }

    @Test
    void symmetrizeAverages() {
        DMatrixRMaj a = new DMatrixRMaj(2, 2, true, 1, 2, 4, 3);
        SpdOps.symmetrize(a);
        assertClose(new DMatrixRMaj(2, 2, true, 1, 3, 3, 3), a, 0.0, "symmetrized");
    }

    @Test
    void choleskyOfANonPositiveDefiniteMatrixNamesIt() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + (int) (seed % 10);
            DMatrixRMaj a = gram(rnd, n, n, 0.5);
            // make it indefinite: subtract more than its largest diagonal along one coordinate
            a.add((int) (seed % n), (int) (seed % n), -1e3);
            String name = "H = λI + Σ F (seed " + seed + ")";
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> SpdOps.cholesky(a, name));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            e = assertThrows(ArithmeticException.class, () -> SpdOps.invert(a, "M"));
            assertTrue(e.getMessage().contains("M"), e.getMessage());
            e = assertThrows(ArithmeticException.class, () -> SpdOps.logDet(a, "the prior"));
            assertTrue(e.getMessage().contains("the prior"), e.getMessage());
        }
        DMatrixRMaj neg = DenseFisher.identity(3, -1.0);
        assertThrows(ArithmeticException.class, () -> SpdOps.cholesky(neg, "minus I"));
        DMatrixRMaj zero = new DMatrixRMaj(3, 3);
        assertThrows(ArithmeticException.class, () -> SpdOps.invert(zero, "zero"));
        DMatrixRMaj nan = DenseFisher.identity(2, 1.0);
        nan.set(1, 1, Double.NaN);
        assertThrows(ArithmeticException.class, () -> SpdOps.invert(nan, "nan"));
    }
}
