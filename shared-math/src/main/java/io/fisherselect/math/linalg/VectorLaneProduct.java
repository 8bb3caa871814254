package io.fisherselect.math.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane kernel register- and cache-blocked with the JDK Vector API. A block of 4 output
 * columns × 4 vectors of lanes (32 candidates with 512-bit vectors) keeps its 16 accumulators in
 * registers for a whole panel of {@link #PANEL} k's, so each step is 4 loads of x, 4 broadcasts
 * of w and 16 multiplies + 16 adds. Lanes past the last group of 4 vectors form one narrower
 * block of 3, 2 or 1 vectors (so 56 lanes run as 4 + 3 vectors, not as 2 + 2 + 2 + 1), and
 * columns past the last group of 4 run one column × the block's vectors. Panels of k keep a lane
 * block's slice of x (PANEL × 4 vectors, 16 KB at 512 bits) in L1 while the column blocks sweep
 * over it.
 *
 * <p>Bits: every element still takes {@code acc = acc + w·x} (a vector multiply, then a vector
 * add: no fused multiply-add) for k ascending, carried across panels in {@code out}, and lanes
 * past the last full vector run the same two operations in scalar code. IEEE multiply and add
 * round the same in a vector lane as in scalar code, so the result equals the plain triple loop
 * bit for bit, whatever the lane, the tile size, the block or the panel split.
 */
final class VectorLaneProduct implements LaneProduct {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** k's per pass: a lane block's slice of x is PANEL·4·L doubles (16 KB at L = 8) */
    static final int PANEL = 64;
    /** vectors of lanes per full register block */
    private static final int VECTORS = 4;

    @Override
    public void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                            double[][] x, int xOff, int t, double[][] out, int outOff) {
        for (int k0 = 0; k0 < kk; k0 += PANEL) {
            int k1 = Math.min(kk, k0 + PANEL);
            int i = 0;
            for (; i + VECTORS * L <= t; i += VECTORS * L) {
                laneBlock(VECTORS, w, wOff, ldw, k0, k1, n, x, xOff, i, out, outOff);
            }
            int vectors = (t - i) / L;
            if (vectors > 0) {
                laneBlock(vectors, w, wOff, ldw, k0, k1, n, x, xOff, i, out, outOff);
                i += vectors * L;
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

    /** All n columns of the lanes [i, i + vectors·L) over the panel [k0, k1). */
    private static void laneBlock(int vectors, double[] w, int wOff, int ldw, int k0, int k1, int n,
                                  double[][] x, int xOff, int i, double[][] out, int outOff) {
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int wo = wOff + k0 * ldw + j;
            switch (vectors) {
                case 4 -> block4x4(w, wo, ldw, k0, k1, x, xOff, i, out, outOff + j);
                case 3 -> block4x3(w, wo, ldw, k0, k1, x, xOff, i, out, outOff + j);
                case 2 -> block4x2(w, wo, ldw, k0, k1, x, xOff, i, out, outOff + j);
                default -> block4x1(w, wo, ldw, k0, k1, x, xOff, i, out, outOff + j);
            }
        }
        for (; j < n; j++) {
            int wo = wOff + k0 * ldw + j;
            if (vectors == 4) {
                block1x4(w, wo, ldw, k0, k1, x, xOff, i, out[outOff + j]);
            } else {
                for (int v = 0; v < vectors; v++) {
                    block1x1(w, wo, ldw, k0, k1, x, xOff, i + v * L, out[outOff + j]);
                }
            }
        }
    }

    private static void block4x4(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o) {
        double[] o0 = out[o];
        double[] o1 = out[o + 1];
        double[] o2 = out[o + 2];
        double[] o3 = out[o + 3];
        DoubleVector a00 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a01 = DoubleVector.fromArray(S, o0, i + L);
        DoubleVector a02 = DoubleVector.fromArray(S, o0, i + 2 * L);
        DoubleVector a03 = DoubleVector.fromArray(S, o0, i + 3 * L);
        DoubleVector a10 = DoubleVector.fromArray(S, o1, i);
        DoubleVector a11 = DoubleVector.fromArray(S, o1, i + L);
        DoubleVector a12 = DoubleVector.fromArray(S, o1, i + 2 * L);
        DoubleVector a13 = DoubleVector.fromArray(S, o1, i + 3 * L);
        DoubleVector a20 = DoubleVector.fromArray(S, o2, i);
        DoubleVector a21 = DoubleVector.fromArray(S, o2, i + L);
        DoubleVector a22 = DoubleVector.fromArray(S, o2, i + 2 * L);
        DoubleVector a23 = DoubleVector.fromArray(S, o2, i + 3 * L);
        DoubleVector a30 = DoubleVector.fromArray(S, o3, i);
        DoubleVector a31 = DoubleVector.fromArray(S, o3, i + L);
        DoubleVector a32 = DoubleVector.fromArray(S, o3, i + 2 * L);
        DoubleVector a33 = DoubleVector.fromArray(S, o3, i + 3 * L);
        for (int k = k0; k < k1; k++, wo += ldw) {
            double[] xk = x[xOff + k];
            DoubleVector x0 = DoubleVector.fromArray(S, xk, i);
            DoubleVector x1 = DoubleVector.fromArray(S, xk, i + L);
            DoubleVector x2 = DoubleVector.fromArray(S, xk, i + 2 * L);
            DoubleVector x3 = DoubleVector.fromArray(S, xk, i + 3 * L);
            DoubleVector b = DoubleVector.broadcast(S, w[wo]);
            a00 = a00.add(x0.mul(b));
            a01 = a01.add(x1.mul(b));
            a02 = a02.add(x2.mul(b));
            a03 = a03.add(x3.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 1]);
            a10 = a10.add(x0.mul(b));
            a11 = a11.add(x1.mul(b));
            a12 = a12.add(x2.mul(b));
            a13 = a13.add(x3.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 2]);
            a20 = a20.add(x0.mul(b));
            a21 = a21.add(x1.mul(b));
            a22 = a22.add(x2.mul(b));
            a23 = a23.add(x3.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 3]);
            a30 = a30.add(x0.mul(b));
            a31 = a31.add(x1.mul(b));
            a32 = a32.add(x2.mul(b));
            a33 = a33.add(x3.mul(b));
        }
        a00.intoArray(o0, i);
        a01.intoArray(o0, i + L);
        a02.intoArray(o0, i + 2 * L);
        a03.intoArray(o0, i + 3 * L);
        a10.intoArray(o1, i);
        a11.intoArray(o1, i + L);
        a12.intoArray(o1, i + 2 * L);
        a13.intoArray(o1, i + 3 * L);
        a20.intoArray(o2, i);
        a21.intoArray(o2, i + L);
        a22.intoArray(o2, i + 2 * L);
        a23.intoArray(o2, i + 3 * L);
        a30.intoArray(o3, i);
        a31.intoArray(o3, i + L);
        a32.intoArray(o3, i + 2 * L);
        a33.intoArray(o3, i + 3 * L);
    }

    private static void block4x3(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o) {
        double[] o0 = out[o];
        double[] o1 = out[o + 1];
        double[] o2 = out[o + 2];
        double[] o3 = out[o + 3];
        DoubleVector a00 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a01 = DoubleVector.fromArray(S, o0, i + L);
        DoubleVector a02 = DoubleVector.fromArray(S, o0, i + 2 * L);
        DoubleVector a10 = DoubleVector.fromArray(S, o1, i);
        DoubleVector a11 = DoubleVector.fromArray(S, o1, i + L);
        DoubleVector a12 = DoubleVector.fromArray(S, o1, i + 2 * L);
        DoubleVector a20 = DoubleVector.fromArray(S, o2, i);
        DoubleVector a21 = DoubleVector.fromArray(S, o2, i + L);
        DoubleVector a22 = DoubleVector.fromArray(S, o2, i + 2 * L);
        DoubleVector a30 = DoubleVector.fromArray(S, o3, i);
        DoubleVector a31 = DoubleVector.fromArray(S, o3, i + L);
        DoubleVector a32 = DoubleVector.fromArray(S, o3, i + 2 * L);
        for (int k = k0; k < k1; k++, wo += ldw) {
            double[] xk = x[xOff + k];
            DoubleVector x0 = DoubleVector.fromArray(S, xk, i);
            DoubleVector x1 = DoubleVector.fromArray(S, xk, i + L);
            DoubleVector x2 = DoubleVector.fromArray(S, xk, i + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, w[wo]);
            a00 = a00.add(x0.mul(b));
            a01 = a01.add(x1.mul(b));
            a02 = a02.add(x2.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 1]);
            a10 = a10.add(x0.mul(b));
            a11 = a11.add(x1.mul(b));
            a12 = a12.add(x2.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 2]);
            a20 = a20.add(x0.mul(b));
            a21 = a21.add(x1.mul(b));
            a22 = a22.add(x2.mul(b));
            b = DoubleVector.broadcast(S, w[wo + 3]);
            a30 = a30.add(x0.mul(b));
            a31 = a31.add(x1.mul(b));
            a32 = a32.add(x2.mul(b));
        }
        a00.intoArray(o0, i);
        a01.intoArray(o0, i + L);
        a02.intoArray(o0, i + 2 * L);
        a10.intoArray(o1, i);
        a11.intoArray(o1, i + L);
        a12.intoArray(o1, i + 2 * L);
        a20.intoArray(o2, i);
        a21.intoArray(o2, i + L);
        a22.intoArray(o2, i + 2 * L);
        a30.intoArray(o3, i);
        a31.intoArray(o3, i + L);
        a32.intoArray(o3, i + 2 * L);
    }

    private static void block4x2(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o) {
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

    private static void block4x1(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[][] out, int o) {
        double[] o0 = out[o];
        double[] o1 = out[o + 1];
        double[] o2 = out[o + 2];
        double[] o3 = out[o + 3];
        DoubleVector a0 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a1 = DoubleVector.fromArray(S, o1, i);
        DoubleVector a2 = DoubleVector.fromArray(S, o2, i);
        DoubleVector a3 = DoubleVector.fromArray(S, o3, i);
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

    private static void block1x4(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[] o0) {
        DoubleVector a0 = DoubleVector.fromArray(S, o0, i);
        DoubleVector a1 = DoubleVector.fromArray(S, o0, i + L);
        DoubleVector a2 = DoubleVector.fromArray(S, o0, i + 2 * L);
        DoubleVector a3 = DoubleVector.fromArray(S, o0, i + 3 * L);
        for (int k = k0; k < k1; k++, wo += ldw) {
            double[] xk = x[xOff + k];
            DoubleVector b = DoubleVector.broadcast(S, w[wo]);
            a0 = a0.add(DoubleVector.fromArray(S, xk, i).mul(b));
            a1 = a1.add(DoubleVector.fromArray(S, xk, i + L).mul(b));
            a2 = a2.add(DoubleVector.fromArray(S, xk, i + 2 * L).mul(b));
            a3 = a3.add(DoubleVector.fromArray(S, xk, i + 3 * L).mul(b));
        }
        a0.intoArray(o0, i);
        a1.intoArray(o0, i + L);
        a2.intoArray(o0, i + 2 * L);
        a3.intoArray(o0, i + 3 * L);
    }

    private static void block1x1(double[] w, int wo, int ldw, int k0, int k1, double[][] x, int xOff, int i,
                                 double[] o0) {
        DoubleVector a0 = DoubleVector.fromArray(S, o0, i);
        for (int k = k0; k < k1; k++, wo += ldw) {
            a0 = a0.add(DoubleVector.fromArray(S, x[xOff + k], i).mul(DoubleVector.broadcast(S, w[wo])));
        }
        a0.intoArray(o0, i);
    }

    /**
     * Four vectors of lanes at a time, their sums in registers over all m terms (four independent
     * chains hide the add latency); the lanes past the last vector in scalar code. Each element is
     * 0.0 + x₀y₀ + x₁y₁ + … in c order, as in the plain kernel.
     */
    @Override
    public void dot(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t,
                    double[] out) {
        int i = 0;
        for (; i + 4 * L <= t; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector a1 = DoubleVector.zero(S);
            DoubleVector a2 = DoubleVector.zero(S);
            DoubleVector a3 = DoubleVector.zero(S);
            for (int c = 0; c < m; c++) {
                double[] xc = x[xOff + c * xStride];
                double[] yc = y[yOff + c * yStride];
                a0 = a0.add(DoubleVector.fromArray(S, xc, i).mul(DoubleVector.fromArray(S, yc, i)));
                a1 = a1.add(DoubleVector.fromArray(S, xc, i + L).mul(DoubleVector.fromArray(S, yc, i + L)));
                a2 = a2.add(DoubleVector.fromArray(S, xc, i + 2 * L).mul(DoubleVector.fromArray(S, yc, i + 2 * L)));
                a3 = a3.add(DoubleVector.fromArray(S, xc, i + 3 * L).mul(DoubleVector.fromArray(S, yc, i + 3 * L)));
            }
            a0.intoArray(out, i);
            a1.intoArray(out, i + L);
            a2.intoArray(out, i + 2 * L);
            a3.intoArray(out, i + 3 * L);
        }
        for (; i + L <= t; i += L) {
            DoubleVector a0 = DoubleVector.zero(S);
            for (int c = 0; c < m; c++) {
                a0 = a0.add(DoubleVector.fromArray(S, x[xOff + c * xStride], i)
                        .mul(DoubleVector.fromArray(S, y[yOff + c * yStride], i)));
            }
            a0.intoArray(out, i);
        }
        for (; i < t; i++) {
            double acc = 0.0;
            for (int c = 0; c < m; c++) {
                acc = acc + x[xOff + c * xStride][i] * y[yOff + c * yStride][i];
            }
            out[i] = acc;
        }
    }

    @Override
    public String name() {
        return "vector lanes (" + S.vectorBitSize() + "-bit, 4 columns × 4 vectors)";
    }
}
