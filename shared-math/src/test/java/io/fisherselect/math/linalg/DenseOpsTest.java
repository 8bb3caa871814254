package io.fisherselect.math.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** {@link DenseOps#mult} has the bits of EJML's {@code CommonOps_DDRM.mult} at every shape. */
class DenseOpsTest {

    private static DMatrixRMaj random(Random rnd, int rows, int cols, int kind) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            double v = rnd.nextGaussian();
            switch (kind) {
                case 1 -> v = rnd.nextInt(4) == 0 ? 0.0 : v; // exact zeros
                case 2 -> v = rnd.nextInt(3) == 0 ? -0.0 : v * Math.pow(10, rnd.nextInt(7) - 3); // signed zeros, range
                default -> { }
            }
            m.data[i] = v;
        }
        return m;
    }

    @Test
    void sameBitsAsEjmlAtEveryShape() {
        Random rnd = new Random(20261130);
        int[] sizes = {1, 2, 3, 14, 15, 16, 17, 63, 64, 65, 127, 128, 129, 200, 255, 256, 257, 300};
        for (int trial = 0; trial < 120; trial++) {
            int n = sizes[rnd.nextInt(sizes.length)];
            int m = sizes[rnd.nextInt(sizes.length)];
            int p = sizes[rnd.nextInt(sizes.length)];
            int kind = trial % 3;
            DMatrixRMaj a = random(rnd, n, m, kind);
            DMatrixRMaj b = random(rnd, m, p, kind);
            DMatrixRMaj expected = new DMatrixRMaj(n, p);
            CommonOps_DDRM.mult(a, b, expected);
            DMatrixRMaj got = new DMatrixRMaj(1, 1);
            DenseOps.mult(a, b, got);
            assertArrayEquals(expected.data, got.data, 0.0, n + "×" + m + " · " + m + "×" + p + ", kind " + kind);
            // and the signs of zeros: assertArrayEquals with delta 0 treats -0.0 and 0.0 as equal
            for (int i = 0; i < expected.data.length; i++) {
                if (Double.doubleToRawLongBits(expected.data[i]) != Double.doubleToRawLongBits(got.data[i])) {
                    throw new AssertionError("bits differ at " + i + ": " + expected.data[i] + " vs " + got.data[i]);
                }
            }
        }
    }

    @Test
    void symmetricProductsAsTheBaitSetUpForms() {
        // M⁻¹ F M⁻¹ at D = 300 (the shape of the set-up, smaller): both products as EJML's
        Random rnd = new Random(7);
        DMatrixRMaj g = random(rnd, 300, 300, 0);
        DMatrixRMaj mInv = new DMatrixRMaj(300, 300);
        CommonOps_DDRM.multTransB(g, g, mInv);
        DMatrixRMaj f = random(rnd, 300, 300, 1);
        DMatrixRMaj t1 = new DMatrixRMaj(300, 300);
        DMatrixRMaj e1 = new DMatrixRMaj(300, 300);
        DMatrixRMaj t2 = new DMatrixRMaj(300, 300);
        DMatrixRMaj e2 = new DMatrixRMaj(300, 300);
        CommonOps_DDRM.mult(mInv, f, e1);
        CommonOps_DDRM.mult(e1, mInv, e2);
        DenseOps.mult(mInv, f, t1);
        DenseOps.mult(t1, mInv, t2);
        assertArrayEquals(e2.data, t2.data, 0.0);
    }
}
