package io.fisherselect.math.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code VectorLaneProduct} as it was before its 4 × 4 blocks, kept verbatim for the bit-identity
 * tests and for timing ({@link PreviousKernels#vectorMultiplyAdd}).
 *
 * <p>The lane kernel register- and cache-blocked with the JDK Vector API. A block of 4 output
 * columns × 2 vectors of lanes keeps its 8 accumulators in registers for a whole panel of
 * {@link #PANEL} k's (the plain kernel loads and stores its accumulators for every k), so each
 * step is 2 loads of x, 4 broadcasts of w and 8 multiplies + 8 adds. Panels of k keep the
 * x slice of a lane block (PANEL × 2 vectors) in L1 while the column blocks sweep over it.
 *
 * <p>Bits: every element still takes {@code acc = acc + w·x} (a vector multiply, then a vector
 * add: no fused multiply-add) for k ascending, carried across panels in {@code out}, and lanes
 * past the last full vector run the same two operations in scalar code. IEEE multiply and add
 * round the same in a vector lane as in scalar code, so the result equals the plain triple loop
 * bit for bit, whatever the lane, the tile size or the panel split.
 */
final class PreviousVectorLaneProduct implements LaneProduct {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** k's per pass: a lane block's slice of x is PANEL·2·L doubles (32 KB at L = 8) */
    static final int PANEL = 256;

    @Override
    public void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                            double[][] x, int xOff, int t, double[][] out, int outOff) {
        for (int k0 = 0; k0 < kk; k0 += PANEL) {
            int k1 = Math.min(kk, k0 + PANEL);
            int i = 0;
            for (; i + 2 * L <= t; i += 2 * L) {
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    block4x2(w, wOff, ldw, k0, k1, x, xOff, i, out, outOff + j, j);
                }
                for (; j < n; j++) {
                    block1x2(w, wOff, ldw, k0, k1, x, xOff, i, out[outOff + j], j);
                }
            }
            for (; i + L <= t; i += L) {
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    block4x1(w, wOff, ldw, k0, k1, x, xOff, i, out, outOff + j, j);
                }
                for (; j < n; j++) {
                    block1x1(w, wOff, ldw, k0, k1, x, xOff, i, out[outOff + j], j);
                }
            }
            for (; i < t; i++) {
                for (int j = 0; j < n; j++) {
                    double[] o = out[outOff + j];
                    double acc = o[i];
                    for (int k = k0; k < k1; k++) {
                        acc = acc + w[wOff + k * ldw + j] * x[xOff + k][i];
                    }
                    o[i] = acc;
                }
            }
        }
    }

    private static void block4x2(double[] w, int wOff, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o, int j) {
        double[] o0 = out[o];
        double[] o1 = out[o + 1];
        double[] o2 = out[o + 2];
        double[] o3 = out[o + 3];
        DoubleVector a00 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a01 = DoubleVector.fromArray(S, o0, i + L);
        DoubleVector a10 = DoubleVector.fromArray(S, o1, i);
        DoubleVector a11 = DoubleVector.fromArray(S, o1, i + L);
        DoubleVector a20 = DoubleVector.fromArray(S, o2, i);
        DoubleVector a21 = DoubleVector.fromArray(S, o2, i + L);
        DoubleVector a30 = DoubleVector.fromArray(S, o3, i);
        DoubleVector a31 = DoubleVector.fromArray(S, o3, i + L);
        int wo = wOff + k0 * ldw + j;
        for (int k = k0; k < k1; k++, wo += ldw) {
            double[] xk = x[xOff + k];
            DoubleVector x0 = DoubleVector.fromArray(S, xk, i);
            DoubleVector x1 = DoubleVector.fromArray(S, xk, i + L);
            DoubleVector b = DoubleVector.broadcast(S, w[wo]);
            a00 = a00.add(x0.mul(b));
            a01 = a01.add(x1.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 1]);
            a10 = a10.add(x0.mul(b));
            a11 = a11.add(x1.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 2]);
            a20 = a20.add(x0.mul(b));
            a21 = a21.add(x1.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 3]);
            a30 = a30.add(x0.mul(b));
            a31 = a31.add(x1.mul(b));
        }
        a00.intoArray(o0, i);
        a01.intoArray(o0, i + L);
        a10.intoArray(o1, i);
        a11.intoArray(o1, i + L);
        a20.intoArray(o2, i);
        a21.intoArray(o2, i + L);
        a30.intoArray(o3, i);
        a31.intoArray(o3, i + L);
    }

    private static void block4x1(double[] w, int wOff, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o, int j) {
        double[] o0 = out[o];
        double[] o1 = out[o + 1];
        double[] o2 = out[o + 2];
        double[] o3 = out[o + 3];
        DoubleVector a0 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a1 = DoubleVector.fromArray(S, o1, i);
        DoubleVector a2 = DoubleVector.fromArray(S, o2, i);
        DoubleVector a3 = DoubleVector.fromArray(S, o3, i);
        int wo = wOff + k0 * ldw + j;
        for (int k = k0; k < k1; k++, wo += ldw) {
            DoubleVector x0 = DoubleVector.fromArray(S, x[xOff + k], i);
            a0 = a0.add(x0.mul(DoubleVector.broadcast(S, w[wo])));
            a1 = a1.add(x0.mul(DoubleVector.broadcast(S, w[wo + 1])));
            a2 = a2.add(x0.mul(DoubleVector.broadcast(S, w[wo + 2])));
            a3 = a3.add(x0.mul(DoubleVector.broadcast(S, w[wo + 3])));
        }
        a0.intoArray(o0, i);
        a1.intoArray(o1, i);
        a2.intoArray(o2, i);
        a3.intoArray(o3, i);
    }

    private static void block1x2(double[] w, int wOff, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[] o0, int j) {
        DoubleVector a00 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a01 = DoubleVector.fromArray(S, o0, i + L);
        int wo = wOff + k0 * ldw + j;
        for (int k = k0; k < k1; k++, wo += ldw) {
            double[] xk = x[xOff + k];
            DoubleVector b = DoubleVector.broadcast(S, w[wo]);
            a00 = a00.add(DoubleVector.fromArray(S, xk, i).mul(b));
            a01 = a01.add(DoubleVector.fromArray(S, xk, i + L).mul(b));
        }
        a00.intoArray(o0, i);
        a01.intoArray(o0, i + L);
    }

    private static void block1x1(double[] w, int wOff, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[] o0, int j) {
        DoubleVector a00 = DoubleVector.fromArray(S, o0, i);
        int wo = wOff + k0 * ldw + j;
        for (int k = k0; k < k1; k++, wo += ldw) {
            a00 = a00.add(DoubleVector.fromArray(S, x[xOff + k], i).mul(DoubleVector.broadcast(S, w[wo])));
        }
        a00.intoArray(o0, i);
    }

    @Override
    public String name() {
        return "vector lanes (" + S.vectorBitSize() + "-bit, 4 columns × 2 vectors)";
    }

    /** Not part of the previous kernel (it had no lane dot product): the plain one. */
    @Override
    public void dot(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t,
                    double[] out) {
        new ScalarLaneProduct().dot(x, xOff, xStride, y, yOff, yStride, m, t, out);
    }
}
