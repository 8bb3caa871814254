package io.fisherselect.math.linalg;

import static io.fisherselect.math.testing.DenseOracles.gaussian;
import static io.fisherselect.math.testing.DenseOracles.gram;
import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.testing.DenseFisher;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** SmallMatrixOps against dense EJML products and LU determinants. */
class SmallMatrixOpsTest {
    private static final int SEEDS = 50;

    @Test
    void choleskyInPlaceReproducesA() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + (int) (seed % 6);
            DMatrixRMaj a = gram(rnd, n, n + 1, 0.1);
            int off = 3;
            double[] buf = new double[off + n * n];
            System.arraycopy(a.data, 0, buf, off, n * n);
            assertTrue(SmallMatrixOps.choleskyInPlace(buf, off, n), "PD matrix, seed " + seed);
            DMatrixRMaj l = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    l.set(i, j, buf[off + i * n + j]);
                }
                assertTrue(l.get(i, i) > 0, "positive diagonal");
                // the upper triangle is left as it was
                for (int j = i + 1; j < n; j++) {
                    assertEquals(a.get(i, j), buf[off + i * n + j], 0.0, "upper triangle untouched");
                }
            }
            DMatrixRMaj llt = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(l, l, llt);
            assertClose(a, llt, 1e-13, "L Lᵀ seed " + seed);
            assertRelClose(DenseFisher.logDet(a), SmallMatrixOps.logDetFromCholesky(buf, off, n), 1e-11, 1e-12,
                    "log det from Cholesky seed " + seed);
        }
    }

    @Test
    void choleskyInPlaceRefusesIndefiniteAndSingular() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + (int) (seed % 5);
            // B Bᵀ (rank n−1, smallest eigenvalue 0) − 1e-3·I: one negative eigenvalue
            DMatrixRMaj a = gram(rnd, n, n - 1, 0.0);
            for (int i = 0; i < n; i++) {
                a.add(i, i, -1e-3);
            }
            double[] buf = a.data.clone();
            assertFalse(SmallMatrixOps.choleskyInPlace(buf, 0, n), "indefinite, seed " + seed);
            assertTrue(Double.isNaN(SmallMatrixOps.logDetIdentityPlus(
                    negate(gram(rnd, n, n, 2.0)).data, 0, n, new double[n * n])), "log det(I + S) of non-PSD S");
        }
        assertFalse(SmallMatrixOps.choleskyInPlace(new double[] {1, 2, 2, 1}, 0, 2));
        assertFalse(SmallMatrixOps.choleskyInPlace(new double[] {0, 0, 0, 1}, 0, 2));
        assertFalse(SmallMatrixOps.choleskyInPlace(new double[] {-1}, 0, 1));
        assertFalse(SmallMatrixOps.choleskyInPlace(new double[] {Double.NaN}, 0, 1));
    }

    private static DMatrixRMaj negate(DMatrixRMaj m) {
        DMatrixRMaj out = m.copy();
        CommonOps_DDRM.scale(-1.0, out);
        return out;
    }

    @Test
    void logDetIdentityPlusMatchesDense() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + (int) (seed % 6);
            // semi-definite S of rank < n included
            DMatrixRMaj s = gram(rnd, n, 1 + (int) (seed % n), 0.0);
            double[] buf = new double[2 + n * n];
            System.arraycopy(s.data, 0, buf, 2, n * n);
            double[] before = buf.clone();
            double v = SmallMatrixOps.logDetIdentityPlus(buf, 2, n, new double[n * n]);
            double expected = DenseFisher.logDet(DenseFisher.plus(s, DenseFisher.identity(n, 1.0)));
            assertRelClose(expected, v, 1e-11, 1e-12, "log det(I + S) seed " + seed);
            assertClose(before, buf, 0.0, "input left unchanged");
        }
        assertEquals(0.0, SmallMatrixOps.logDetIdentityPlus(new double[9], 0, 3, new double[9]), 0.0);
    }

    @Test
    void subtractOuterMatchesDense() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + (int) (seed % 5);
            int m = 1 + (int) ((seed / 5) % 4);
            DMatrixRMaj s = gram(rnd, n, n, 1.0);
            DMatrixRMaj p = gaussian(rnd, n, m);
            DMatrixRMaj expected = s.copy();
            CommonOps_DDRM.multAddTransB(-1.0, p, p, expected);
            double[] buf = new double[1 + n * n];
            System.arraycopy(s.data, 0, buf, 1, n * n);
            double[] pbuf = new double[4 + n * m];
            System.arraycopy(p.data, 0, pbuf, 4, n * m);
            SmallMatrixOps.subtractOuter(buf, 1, n, pbuf, 4, m);
            assertClose(expected.data, 0, buf, 1, n * n, 1e-13, "S − P Pᵀ seed " + seed);
            assertEquals(0.0, buf[0], 0.0, "nothing before the offset is touched");
        }
    }

    @Test
    void traceAndCongruence() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int c = 1 + (int) (seed % 5);
            int r = 1 + (int) ((seed / 5) % c);
            DMatrixRMaj q = gaussian(rnd, c, c);
            DMatrixRMaj a = gaussian(rnd, c, r);
            double[] qb = new double[2 + c * c];
            System.arraycopy(q.data, 0, qb, 2, c * c);
            double[] ab = new double[1 + c * r];
            System.arraycopy(a.data, 0, ab, 1, c * r);
            assertRelClose(DenseFisher.trace(q), SmallMatrixOps.trace(qb, 2, c), 1e-14, 1e-12, "trace");
            double[] out = new double[3 + r * r];
            SmallMatrixOps.congruence(ab, 1, c, r, qb, 2, new double[5 + c * r], 5, out, 3);
            DMatrixRMaj atq = new DMatrixRMaj(r, c);
            CommonOps_DDRM.multTransA(a, q, atq);
            DMatrixRMaj expected = new DMatrixRMaj(r, r);
            CommonOps_DDRM.mult(atq, a, expected);
            assertClose(expected.data, 0, out, 3, r * r, 1e-13, "Aᵀ Q A seed " + seed);
        }
    }

    /**
     * The lane form of tr((I ± S)⁻¹ T) gives each lane the scalar method's bits (the forward and
     * backward gains of bait), for any lane count and lane position, NaN where I ± S is not
     * positive definite; and the scalar method agrees with a dense LU solve.
     */
    @Test
    void traceSolveIdentityPlusLanesHasTheScalarBits() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + (int) (seed % 10);
            int t = 1 + (int) ((seed * 7) % 37);
            double sign = seed % 2 == 0 ? 1.0 : -1.0;
            int nn = n * n;
            // lanes of S at offset 1 and of T at offset 2 + n·n, as in a state's [S | T]
            double[][] s = new double[1 + nn][t];
            double[][] tl = new double[2 + 2 * nn][t];
            double[][] rows = new double[t][];
            for (int l = 0; l < t; l++) {
                // −S with a norm around 1: some lanes of the backward sign are not positive definite
                DMatrixRMaj sm = gram(rnd, n, 1 + rnd.nextInt(n), 0.0);
                CommonOps_DDRM.scale((sign > 0 ? 3.0 : 0.6) * rnd.nextDouble() / n, sm);
                DMatrixRMaj tm = gram(rnd, n, n, 0.1);
                for (int e = 0; e < nn; e++) {
                    s[1 + e][l] = sm.data[e];
                    tl[2 + nn + e][l] = tm.data[e];
                }
                rows[l] = new double[2 * nn];
                System.arraycopy(sm.data, 0, rows[l], 0, nn);
                System.arraycopy(tm.data, 0, rows[l], nn, nn);
            }
            double[] out = new double[t + 3];
            java.util.Arrays.fill(out, 7.0);
            SmallMatrixOps.traceSolveIdentityPlusLanes(sign, s, 1, tl, 2 + nn, n, new double[2 * nn][t + 2], t, out);
            int undefined = 0;
            for (int l = 0; l < t; l++) {
                double expected = SmallMatrixOps.traceSolveIdentityPlus(sign, rows[l], 0, rows[l], nn, n,
                        new double[2 * nn]);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[l]),
                        "seed " + seed + ", lane " + l + " of " + t + ": " + expected + " vs " + out[l]);
                if (Double.isNaN(expected)) {
                    undefined++;
                    continue;
                }
                DMatrixRMaj a = DenseFisher.identity(n, 1.0);
                for (int e = 0; e < nn; e++) {
                    a.data[e] += sign * rows[l][e];
                }
                DMatrixRMaj x = new DMatrixRMaj(n, n);
                assertTrue(CommonOps_DDRM.solve(a, new DMatrixRMaj(n, n, true, java.util.Arrays.copyOfRange(rows[l],
                        nn, 2 * nn)), x));
                assertRelClose(DenseFisher.trace(x), expected, 1e-10, 1e-12, "tr((I ± S)⁻¹T), seed " + seed);
            }
            assertEquals(7.0, out[t], 0.0, "nothing past the lanes is written");
            if (sign > 0) {
                assertEquals(0, undefined, "I + S is positive definite");
            }
        }
        double[][] indefinite = {{-2.0, 0.5}};
        double[] out = new double[2];
        SmallMatrixOps.traceSolveIdentityPlusLanes(1.0, indefinite, 0, new double[][] {{1.0, 1.0}}, 0, 1,
                new double[2][2], 2, out);
        assertTrue(Double.isNaN(out[0]), "1 − 2 is not positive");
        assertEquals(1.0 / 1.5, out[1], 1e-15);
    }
}
