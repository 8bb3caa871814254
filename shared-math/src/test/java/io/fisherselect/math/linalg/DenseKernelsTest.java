package io.fisherselect.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.fisher.KroneckerOps;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DenseKernels and the lane versions of SmallMatrixOps/KroneckerOps: bit-identical to the plain
 * loops and scalar methods they replace, whatever the tile size, the lane or the k panels.
 */
class DenseKernelsTest {
    private static final int SEEDS = 300;

    private static double[][] randomLanes(Random rnd, int count, int t) {
        double[][] x = new double[count][t];
        for (double[] lane : x) {
            for (int i = 0; i < t; i++) {
                lane[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2);
            }
        }
        return x;
    }

    private static double[] randomArray(Random rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }

    private static void assertLanesEqual(double[][] expected, double[][] actual, int t, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int j = 0; j < expected.length; j++) {
            for (int i = 0; i < t; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[j][i]), Double.doubleToRawLongBits(actual[j][i]),
                        what + " lane " + j + " row " + i);
            }
        }
    }

    /** Sizes with the edge cases: empty, one, around the 4-column grouping, and typical shapes. */
    private static int pick(Random rnd, int[] sizes) {
        return sizes[rnd.nextInt(sizes.length)];
    }

    @Test
    void multiplyAddIsTheTripleLoopBitForBit() {
        Random rnd = new Random(11);
        for (int seed = 0; seed < SEEDS; seed++) {
            int kk = pick(rnd, new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 64});
            int n = pick(rnd, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 55, 100});
            int t = pick(rnd, new int[] {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 128, 129});
            int ldw = n + rnd.nextInt(3);
            int wOff = rnd.nextInt(4);
            int xOff = rnd.nextInt(3);
            int outOff = rnd.nextInt(3);
            double[] w = randomArray(rnd, wOff + kk * ldw + 1);
            double[][] x = randomLanes(rnd, xOff + kk, t);
            double[][] out = randomLanes(rnd, outOff + n + 1, t); // accumulates onto what is there
            double[][] initial = copy(out);
            double[][] expected = copy(out);
            DenseKernels.multiplyAddReference(w, wOff, ldw, kk, n, x, xOff, t, expected, outOff);
            DenseKernels.multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, out, outOff);
            String what = "seed " + seed + " kk=" + kk + " n=" + n + " t=" + t;
            assertLanesEqual(expected, out, t, what);

            // and it is the matrix product (sanity of the reference itself)
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double a = 0;
                    for (int k = 0; k < kk; k++) {
                        s += w[wOff + k * ldw + j] * x[xOff + k][i];
                        a += Math.abs(w[wOff + k * ldw + j] * x[xOff + k][i]);
                    }
                    double before = initial[outOff + j][i];
                    assertEquals(before + s, out[outOff + j][i], 1e-12 * (a + Math.abs(before)), what);
                }
            }
        }
    }

    @Test
    void everyLaneGetsTheSameBitsAloneInAnyTileAndAnyPanelSplit() {
        Random rnd = new Random(12);
        for (int seed = 0; seed < 100; seed++) {
            int kk = 1 + rnd.nextInt(80);
            int n = 1 + rnd.nextInt(30);
            int t = 1 + rnd.nextInt(200);
            double[] w = randomArray(rnd, kk * n);
            double[][] x = randomLanes(rnd, kk, t);
            double[][] full = new double[n][t];
            DenseKernels.multiplyAdd(w, 0, n, kk, n, x, 0, t, full, 0);

            // each lane alone (t = 1)
            for (int i = 0; i < t; i++) {
                double[][] xi = new double[kk][1];
                for (int k = 0; k < kk; k++) {
                    xi[k][0] = x[k][i];
                }
                double[][] one = new double[n][1];
                DenseKernels.multiplyAdd(w, 0, n, kk, n, xi, 0, 1, one, 0);
                for (int j = 0; j < n; j++) {
                    assertEquals(Double.doubleToRawLongBits(full[j][i]), Double.doubleToRawLongBits(one[j][0]),
                            "seed " + seed + " lane " + i + " alone");
                }
            }
            // a shifted tile: the same rows at other lanes, among other rows
            int shift = 1 + rnd.nextInt(9);
            double[][] xs = randomLanes(rnd, kk, t + shift);
            for (int k = 0; k < kk; k++) {
                System.arraycopy(x[k], 0, xs[k], shift, t);
            }
            double[][] shifted = new double[n][t + shift];
            DenseKernels.multiplyAdd(w, 0, n, kk, n, xs, 0, t + shift, shifted, 0);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < t; i++) {
                    assertEquals(Double.doubleToRawLongBits(full[j][i]), Double.doubleToRawLongBits(shifted[j][i + shift]),
                            "seed " + seed + " shifted lane " + i);
                }
            }
            // k in consecutive panels
            double[][] panels = new double[n][t];
            for (int k0 = 0; k0 < kk; ) {
                int len = Math.min(kk - k0, 1 + rnd.nextInt(17));
                DenseKernels.multiplyAdd(w, k0 * n, n, len, n, x, k0, t, panels, 0);
                k0 += len;
            }
            assertLanesEqual(full, panels, t, "seed " + seed + " panels");
        }
    }

    @Test
    void theRegisterBlockedKernelIsInUseAndGivesThePreviousKernelsBits() {
        // the test JVM gets conf/java-options.properties (--add-modules=jdk.incubator.vector)
        assertTrue(DenseKernels.productName().startsWith("vector"), DenseKernels.productName());
        Random rnd = new Random(13);
        for (int seed = 0; seed < 60; seed++) {
            // k beyond one panel of the blocked kernel, n around its 4-column blocks, t around its vectors
            int kk = pick(rnd, new int[] {255, 256, 257, 300, 512, 700});
            int n = pick(rnd, new int[] {1, 3, 4, 5, 55, 100});
            int t = pick(rnd, new int[] {1, 7, 8, 9, 15, 16, 17, 24, 31, 33, 56, 128});
            assertPreviousKernelsBits(rnd, kk, n, t, "seed " + seed);
        }
    }

    /**
     * One random product (offsets, a leading dimension past n, out holding values to accumulate
     * onto) by the current kernel, both previous kernels and the triple loop: all bit-identical.
     */
    private static void assertPreviousKernelsBits(Random rnd, int kk, int n, int t, String seed) {
        int ldw = n + rnd.nextInt(3);
        int wOff = rnd.nextInt(4);
        int xOff = rnd.nextInt(3);
        int outOff = rnd.nextInt(3);
        double[] w = randomArray(rnd, wOff + kk * ldw + 1);
        double[][] x = randomLanes(rnd, xOff + kk, t);
        double[][] out = randomLanes(rnd, outOff + n + 1, t);
        double[][] plain = copy(out);
        double[][] vector = copy(out);
        double[][] reference = copy(out);
        PreviousKernels.multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, plain, outOff);
        PreviousKernels.vectorMultiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, vector, outOff);
        DenseKernels.multiplyAddReference(w, wOff, ldw, kk, n, x, xOff, t, reference, outOff);
        DenseKernels.multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, out, outOff);
        String what = seed + " kk=" + kk + " n=" + n + " t=" + t;
        assertLanesEqual(plain, out, t, what + " vs the plain lane kernel");
        assertLanesEqual(vector, out, t, what + " vs the 4 × 2 vector kernel");
        assertLanesEqual(reference, out, t, what + " vs triple loop");
    }

    @Test
    void theFourByFourKernelHasTheFirstVectorKernelsBitsAtEveryLaneOffsetTailAndPanel() {
        // t from 1 to 136 covers every lane block of 1–4 vectors with every scalar tail 0–7 (at 8
        // lanes a vector; other widths land on other offsets of the same range), kk every length
        // up to two panels of the current kernel (64) and across one of the first (256), n every
        // count of 4-column blocks and leftover columns
        Random rnd = new Random(15);
        for (int seed = 0; seed < 400; seed++) {
            int t = 1 + rnd.nextInt(136);
            int kk = rnd.nextInt(4) == 0 ? pick(rnd, new int[] {255, 256, 257, 320}) : rnd.nextInt(140);
            int n = rnd.nextInt(5) == 0 ? pick(rnd, new int[] {55, 100, 512}) : rnd.nextInt(14);
            assertPreviousKernelsBits(rnd, kk, n, t, "seed " + seed);
        }
    }

    @Test
    void aRowGetsTheSameBitsAtEveryTileOffset() {
        // a tile of 128 lanes holds vector blocks and a scalar tail (56: a block of 4 vectors and
        // one of 3): put one row at every lane 0..t−1 of tiles of several sizes, among random
        // rows, and compare with the row alone
        Random rnd = new Random(14);
        for (int seed = 0; seed < 4; seed++) {
            int kk = 300;
            int n = 13;
            double[] w = randomArray(rnd, kk * n);
            double[][] row = randomLanes(rnd, kk, 1);
            double[][] alone = new double[n][1];
            DenseKernels.multiplyAdd(w, 0, n, kk, n, row, 0, 1, alone, 0);
            for (int t : new int[] {23, 40, 56, 128}) {
                for (int at = 0; at < t; at++) {
                    double[][] x = randomLanes(rnd, kk, t);
                    for (int k = 0; k < kk; k++) {
                        x[k][at] = row[k][0];
                    }
                    double[][] out = new double[n][t];
                    DenseKernels.multiplyAdd(w, 0, n, kk, n, x, 0, t, out, 0);
                    for (int j = 0; j < n; j++) {
                        assertEquals(Double.doubleToRawLongBits(alone[j][0]), Double.doubleToRawLongBits(out[j][at]),
                                "seed " + seed + " t=" + t + " lane " + at + " column " + j);
                    }
                }
            }
        }
    }

    @Test
    void lanesRoundTripRows() {
        Random rnd = new Random(13);
        for (int seed = 0; seed < 50; seed++) {
            int width = 1 + rnd.nextInt(12);
            int t = rnd.nextInt(40);
            int off = rnd.nextInt(5);
            double[] rows = randomArray(rnd, off + t * width);
            double[][] lanes = new double[width + 1][t];
            DenseKernels.toLanes(rows, off, width, t, lanes, 1);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < width; j++) {
                    assertEquals(rows[off + i * width + j], lanes[1 + j][i]);
                }
            }
            int stride = width + rnd.nextInt(3);
            double[] back = new double[2 + t * stride];
            DenseKernels.fromLanes(lanes, 1, width, t, back, 2, stride);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < width; j++) {
                    assertEquals(rows[off + i * width + j], back[2 + i * stride + j]);
                }
            }
        }
    }

    /**
     * The per-lane sum of products is 0.0 + x₀y₀ + x₁y₁ + … in order, bit for bit, with strided
     * lane indices, for lane counts that cover the vector blocks and the scalar tail; nothing past
     * t is written.
     */
    @Test
    void dotIsTheSumOfProductsInOrderBitForBit() {
        Random rnd = new Random(15);
        for (int seed = 0; seed < SEEDS * 4; seed++) {
            int m = rnd.nextInt(13);
            int t = rnd.nextInt(80);
            int xStride = 1 + rnd.nextInt(4);
            int yStride = 1 + rnd.nextInt(4);
            int xOff = rnd.nextInt(3);
            int yOff = rnd.nextInt(3);
            double[][] x = new double[xOff + Math.max(1, m) * xStride][];
            double[][] y = new double[yOff + Math.max(1, m) * yStride][];
            for (int j = 0; j < x.length; j++) {
                x[j] = randomArray(rnd, t);
            }
            for (int j = 0; j < y.length; j++) {
                y[j] = randomArray(rnd, t);
            }
            double[] out = new double[t + 2];
            out[t] = 5.0;
            out[t + 1] = 6.0;
            DenseKernels.dot(x, xOff, xStride, y, yOff, yStride, m, t, out);
            double[] plain = new double[t];
            DenseKernels.dotReference(x, xOff, xStride, y, yOff, yStride, m, t, plain);
            for (int i = 0; i < t; i++) {
                double acc = 0.0;
                for (int c = 0; c < m; c++) {
                    acc = acc + x[xOff + c * xStride][i] * y[yOff + c * yStride][i];
                }
                assertEquals(Double.doubleToRawLongBits(acc), Double.doubleToRawLongBits(out[i]),
                        "seed " + seed + " lane " + i + " of " + t + ", m = " + m);
                assertEquals(Double.doubleToRawLongBits(acc), Double.doubleToRawLongBits(plain[i]), "plain kernel");
            }
            assertEquals(5.0, out[t], 0.0);
            assertEquals(6.0, out[t + 1], 0.0);
        }
    }

    /** Row i of an n-element-per-row array set as lanes. */
    private static double[][] lanesOf(double[][] rows, int width) {
        int t = rows.length;
        double[][] lanes = new double[width][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < width; j++) {
                lanes[j][i] = rows[i][j];
            }
        }
        return lanes;
    }

    private static void assertRowsEqualLanes(double[][] rows, double[][] lanes, int off, String what) {
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                assertEquals(Double.doubleToRawLongBits(rows[i][j]), Double.doubleToRawLongBits(lanes[off + j][i]),
                        what + " row " + i + " element " + j);
            }
        }
    }

    private static double[][] randomRows(Random rnd, int t, int width) {
        double[][] rows = new double[t][];
        for (int i = 0; i < t; i++) {
            rows[i] = randomArray(rnd, width);
        }
        return rows;
    }

    @Test
    void laneOpsMatchTheScalarOpsBitForBit() {
        Random rnd = new Random(14);
        for (int seed = 0; seed < SEEDS; seed++) {
            int n = 1 + rnd.nextInt(6);
            int m = 1 + rnd.nextInt(6);
            int c = n + rnd.nextInt(3);
            int t = 1 + rnd.nextInt(40);
            double alpha = rnd.nextBoolean() ? -1.0 : rnd.nextGaussian();
            String what = "seed " + seed;
            double[][] s = randomRows(rnd, t, n * n);
            double[][] p = randomRows(rnd, t, n * m);
            double[][] q = randomRows(rnd, t, n * m);
            double[] rm = randomArray(rnd, 1 + m * m);
            double[] tmp = new double[t];

            // subtractOuter
            double[][] sl = lanesOf(s, n * n);
            SmallMatrixOps.subtractOuterLanes(sl, 0, n, lanesOf(p, n * m), 0, m, t, tmp);
            double[][] sr = copy(s);
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.subtractOuter(sr[i], 0, n, p[i], 0, m);
            }
            assertRowsEqualLanes(sr, sl, 0, what + " subtractOuter");

            // addOuter
            sl = lanesOf(s, n * n);
            SmallMatrixOps.addOuterLanes(sl, 0, n, alpha, lanesOf(p, n * m), 0, m, t, tmp);
            sr = copy(s);
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.addOuter(sr[i], 0, n, alpha, p[i], 0, m);
            }
            assertRowsEqualLanes(sr, sl, 0, what + " addOuter");

            // addSymmetricProduct
            sl = lanesOf(s, n * n);
            SmallMatrixOps.addSymmetricProductLanes(sl, 0, n, alpha, lanesOf(p, n * m), 0, lanesOf(q, n * m), 0, m, t, tmp);
            sr = copy(s);
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.addSymmetricProduct(sr[i], 0, n, alpha, p[i], 0, q[i], 0, m);
            }
            assertRowsEqualLanes(sr, sl, 0, what + " addSymmetricProduct");

            // addCongruence
            sl = lanesOf(s, n * n);
            SmallMatrixOps.addCongruenceLanes(sl, 0, n, lanesOf(p, n * m), 0, m, rm, 1, new double[n * m][t], 0, t, tmp);
            sr = copy(s);
            double[] scratch = new double[n * m];
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.addCongruence(sr[i], 0, n, p[i], 0, m, rm, 1, scratch, 0);
            }
            assertRowsEqualLanes(sr, sl, 0, what + " addCongruence");

            // congruence Aᵀ Q A (A: c×n, Q: c×c)
            double[][] a = randomRows(rnd, t, c * n);
            double[][] qq = randomRows(rnd, t, c * c);
            double[][] out = new double[n * n][t];
            SmallMatrixOps.congruenceLanes(lanesOf(a, c * n), 0, c, n, lanesOf(qq, c * c), 0, new double[c * n][t], 0,
                    out, 0, t);
            double[][] or = new double[t][n * n];
            double[] ct = new double[c * n];
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.congruence(a[i], 0, c, n, qq[i], 0, ct, 0, or[i], 0);
            }
            assertRowsEqualLanes(or, out, 0, what + " congruence");

            // log det(I + S) of symmetric S, positive semi-definite or not (NaN lanes)
            double[][] sym = new double[t][n * n];
            for (int i = 0; i < t; i++) {
                double[] g = randomArray(rnd, n * (n + 1));
                for (int x = 0; x < n; x++) {
                    for (int y = 0; y < n; y++) {
                        double v = 0;
                        for (int z = 0; z <= n; z++) {
                            v += g[x * (n + 1) + z] * g[y * (n + 1) + z];
                        }
                        sym[i][x * n + y] = v;
                    }
                }
                if (rnd.nextInt(4) == 0) {
                    sym[i][rnd.nextInt(n) * (n + 1)] -= 5 + 10 * rnd.nextDouble(); // may be indefinite
                }
            }
            double[] ld = new double[t];
            SmallMatrixOps.logDetIdentityPlusLanes(lanesOf(sym, n * n), n, t, ld);
            double[] ws = new double[n * n];
            for (int i = 0; i < t; i++) {
                double expected = SmallMatrixOps.logDetIdentityPlus(sym[i], 0, n, ws);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(ld[i]),
                        what + " logDetIdentityPlus row " + i + ": " + expected + " vs " + ld[i]);
            }

            // scale
            sl = lanesOf(s, n * n);
            SmallMatrixOps.scaleLanes(sl, 0, n * n, alpha, t);
            sr = copy(s);
            for (int i = 0; i < t; i++) {
                SmallMatrixOps.scale(sr[i], 0, n * n, alpha);
            }
            assertRowsEqualLanes(sr, sl, 0, what + " scale");
        }
    }

    @Test
    void projectionOnLanesIsKroneckerProjectBitForBit() {
        Random rnd = new Random(15);
        for (int seed = 0; seed < SEEDS; seed++) {
            int d = 1 + rnd.nextInt(12);
            int c = 1 + rnd.nextInt(6);
            int r = 1 + rnd.nextInt(c);
            int m = 1 + rnd.nextInt(6);
            int t = 1 + rnd.nextInt(50);
            double[][] phi = randomRows(rnd, t, d);
            double[][] a = randomRows(rnd, t, c * r);
            double[] wt = randomArray(rnd, d * c * m);
            double[][] z = new double[c * m][t];
            DenseKernels.multiplyAdd(wt, 0, c * m, d, c * m, lanesOf(phi, d), 0, t, z, 0);
            double[][] out = new double[r * m][t];
            KroneckerOps.projectTailLanes(lanesOf(a, c * r), 0, c, r, z, 0, m, out, 0, t);
            double[][] expected = new double[t][r * m];
            double[] zs = new double[c * m];
            for (int i = 0; i < t; i++) {
                KroneckerOps.project(phi[i], 0, d, a[i], 0, c, r, wt, m, zs, expected[i], 0);
            }
            assertRowsEqualLanes(expected, out, 0, "seed " + seed);
        }
    }

    @Test
    void packedIndexEnumeratesTheUpperTriangleRowByRow() {
        for (int n = 1; n < 12; n++) {
            int next = 0;
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    assertEquals(next++, KroneckerOps.packedIndex(a, b, n));
                }
            }
            assertEquals(next, KroneckerOps.packedLength(n));
        }
    }
}
