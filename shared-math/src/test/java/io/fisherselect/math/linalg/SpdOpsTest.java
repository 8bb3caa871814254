package io.fisherselect.math.linalg;

import static io.fisherselect.math.testing.DenseOracles.gram;
import static io.fisherselect.math.testing.MatrixAsserts.assertClose;
import static io.fisherselect.math.testing.MatrixAsserts.bits;
import static io.fisherselect.math.testing.MatrixAsserts.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * Sizes 1..300: every size up to 40, then sizes around multiples of 64 and others that are
     * not multiples of any of the {@link #TILES}.
     */
    private static final int[] SIZES = sizes();

    /**
     * Tile sizes (rows, columns) of {@code inverseFromCholesky}: the default, and small ones so
     * that matrices of these sizes span many tiles, full and partial.
     */
    private static final int[][] TILES = {{64, 512}, {1, 1}, {3, 5}, {7, 2}, {16, 32}, {64, 64}, {32, 100}};

    private static int[] sizes() {
        int[] big = {63, 64, 65, 100, 127, 128, 129, 150, 191, 192, 193, 250, 255, 256, 257, 299, 300};
        int[] all = new int[40 + big.length];
        for (int n = 1; n <= 40; n++) {
            all[n - 1] = n;
        }
        System.arraycopy(big, 0, all, 40, big.length);
        return all;
    }

    /**
     * Random symmetric positive-definite test matrices of four kinds (by {@code kind}): a full
     * Gram matrix + I; a low-rank Gram matrix + a small shift (ill-conditioned); a
     * block-diagonal one with blocks in shuffled coordinates (exact zeros inside L and L⁻¹, where
     * the sign of a zero sum is at stake); and a Gram matrix scaled by D·A·D with D spanning
     * 10^±3 (a wide dynamic range).
     */
    private static DMatrixRMaj spd(Random rnd, int n, int kind) {
        switch (kind) {
            case 0:
                return gram(rnd, n, n, 1.0);
            case 1:
                return gram(rnd, n, 1 + rnd.nextInt(Math.max(1, n / 3)), 1e-3);
            case 2: {
                int[] perm = new int[n];
                for (int i = 0; i < n; i++) {
                    perm[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                DMatrixRMaj a = new DMatrixRMaj(n, n);
                int start = 0;
                while (start < n) {
                    int size = Math.min(n - start, 1 + rnd.nextInt(7));
                    DMatrixRMaj block = gram(rnd, size, size, 0.5);
                    for (int i = 0; i < size; i++) {
                        for (int j = 0; j < size; j++) {
                            a.set(perm[start + i], perm[start + j], block.get(i, j));
                        }
                    }
                    start += size;
                }
                return a;
            }
            default: {
                DMatrixRMaj a = gram(rnd, n, n, 1.0);
                double[] scale = new double[n];
                for (int i = 0; i < n; i++) {
                    scale[i] = Math.pow(10, 6 * rnd.nextDouble() - 3);
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a.set(i, j, scale[i] * a.get(i, j) * scale[j]);
                    }
                }
                return a;
            }
        }
    }

    @Test
    void inverseFromCholeskyIsBitIdenticalToTheColumnByColumnVersion() {
        int checked = 0;
        for (int n : SIZES) {
            for (int kind = 0; kind < 4; kind++) {
                for (long seed = 0; seed < (n <= 40 ? 3 : 2); seed++) {
                    Random rnd = new Random(1000 * n + 10 * kind + seed);
                    DMatrixRMaj l = SpdOps.cholesky(spd(rnd, n, kind), "A");
                    long[] expected = bits(PreviousKernels.inverseFromCholesky(l));
                    assertArrayEquals(expected, bits(SpdOps.inverseFromCholesky(l)),
                            "n " + n + " kind " + kind + " seed " + seed);
                    for (int[] tile : TILES) {
                        DMatrixRMaj actual = SpdOps.inverseFromCholesky(l, tile[0], tile[1]);
                        assertEquals(n, actual.numRows);
                        assertEquals(n, actual.numCols);
                        assertArrayEquals(expected, bits(actual), "n " + n + " kind " + kind + " seed " + seed
                                + " tiles " + tile[0] + "×" + tile[1]);
                    }
                    checked++;
                }
            }
        }
        assertEquals(40 * 4 * 3 + 17 * 4 * 2, checked);
    }

    @Test
    void inverseFromCholeskyTimesTheMatrixIsTheIdentity() {
        for (int n : SIZES) {
            for (long seed = 0; seed < 2; seed++) {
                Random rnd = new Random(7 * n + seed);
                // smallest eigenvalue ≥ 1, largest ≈ 4n: A·A⁻¹ − I stays near n·ε·cond ≈ 10⁻¹⁰
                DMatrixRMaj a = gram(rnd, n, n, 1.0);
                DMatrixRMaj inv = SpdOps.inverseFromCholesky(SpdOps.cholesky(a, "A"));
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int k = 0; k < n; k++) {
                            s += a.get(i, k) * inv.get(k, j);
                        }
                        assertEquals(i == j ? 1.0 : 0.0, s, 1e-9, "(A·A⁻¹)[" + i + "][" + j + "] n " + n + " seed " + seed);
                        assertEquals(inv.get(i, j), inv.get(j, i), 0.0, "symmetric");
                    }
                }
            }
        }
    }

    @Test
    void symmetrizeAverages() {
        DMatrixRMaj a = new DMatrixRMaj(2, 2, true, 1, 2, 4, 3);
        SpdOps.symmetrize(a);
        assertClose(new DMatrixRMaj(2, 2, true, 1, 3, 3, 3), a, 0.0, "symmetrized");
    }

    @Test
    void symmetrizeIsBitIdenticalToTheRowByRowVersion() {
        for (int n : SIZES) {
            for (long seed = 0; seed < 2; seed++) {
                Random rnd = new Random(31 * n + seed);
                DMatrixRMaj a = new DMatrixRMaj(n, n);
                for (int i = 0; i < n * n; i++) {
                    // signed zeros among the entries: the sign of 0.5·(+0 + −0) is at stake
                    a.data[i] = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 0.0 : -0.0) : rnd.nextGaussian() * Math.exp(5 * rnd.nextGaussian());
                }
                DMatrixRMaj expected = a.copy();
                PreviousKernels.symmetrize(expected);
                SpdOps.symmetrize(a);
                assertArrayEquals(bits(expected), bits(a), "n " + n + " seed " + seed);
            }
        }
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
