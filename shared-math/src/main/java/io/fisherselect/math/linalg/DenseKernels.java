package io.fisherselect.math.linalg;

/**
 * Dense kernels over a tile of candidates held in <em>lane layout</em>: quantity j of the t
 * candidates of the tile is the array {@code x[j][0..t)} (one lane per candidate, structure of
 * arrays). The inner loops run over the lanes, contiguous and free of loop-carried dependences,
 * so HotSpot's C2 compiles them to SIMD code; the arrays start at index 0 because C2 (JDK 17)
 * does not vectorise loops whose arrays are indexed with different loop-invariant offsets.
 *
 * <p><b>Determinism.</b> Every output element is produced by the same sequence of IEEE operations
 * whatever the tile size t and whatever lane the candidate sits in: an accumulator that starts at
 * 0.0 and takes {@code acc = acc + w·x} (a multiply, then an add — Java never fuses them) for k in
 * ascending order. A candidate's result is therefore bit-identical whether it is computed alone,
 * in a tile of 1024 or at any position of a block, and equal to the plain triple loop
 * {@code for k: acc += w[k][j]·x[k]} ({@link #multiplyAddReference}).
 */
public final class DenseKernels {
    private DenseKernels() {
    }

    /**
     * The matrix product over lanes, accumulating:
     * {@code out[outOff + j][i] += Σ_{k<kk} w[wOff + k·ldw + j] · x[xOff + k][i]} for j &lt; n and
     * lanes i &lt; t, k ascending. In matrix terms, with X the t×kk tile (lane i = row i) and W the
     * kk×n row-major matrix at {@code w[wOff..]} with leading dimension ldw, out ← out + (X W)ᵀ.
     * Splitting k into consecutive panels and calling this once per panel gives the same bits as
     * one call (the per-element order is still k ascending).
     *
     * <p>Four output columns share each load of {@code x[k]}; columns are independent, so the
     * grouping does not change any result.
     */
    public static void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                                   double[][] x, int xOff, int t, double[][] out, int outOff) {
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            double[] a0 = out[outOff + j];
            double[] a1 = out[outOff + j + 1];
            double[] a2 = out[outOff + j + 2];
            double[] a3 = out[outOff + j + 3];
            for (int k = 0; k < kk; k++) {
                int wo = wOff + k * ldw + j;
                double f0 = w[wo];
                double f1 = w[wo + 1];
                double f2 = w[wo + 2];
                double f3 = w[wo + 3];
                double[] xk = x[xOff + k];
                for (int i = 0; i < t; i++) {
                    double v = xk[i];
                    a0[i] = a0[i] + f0 * v;
                    a1[i] = a1[i] + f1 * v;
                    a2[i] = a2[i] + f2 * v;
                    a3[i] = a3[i] + f3 * v;
                }
            }
        }
        for (; j < n; j++) {
            double[] a0 = out[outOff + j];
            for (int k = 0; k < kk; k++) {
                double f0 = w[wOff + k * ldw + j];
                double[] xk = x[xOff + k];
                for (int i = 0; i < t; i++) {
                    a0[i] = a0[i] + f0 * xk[i];
                }
            }
        }
    }

    /**
     * The same result as {@link #multiplyAdd} by the plain triple loop, one element at a time (for
     * tests and for single candidates).
     */
    public static void multiplyAddReference(double[] w, int wOff, int ldw, int kk, int n,
                                            double[][] x, int xOff, int t, double[][] out, int outOff) {
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < n; j++) {
                double acc = out[outOff + j][i];
                for (int k = 0; k < kk; k++) {
                    acc = acc + w[wOff + k * ldw + j] * x[xOff + k][i];
                }
                out[outOff + j][i] = acc;
            }
        }
    }

    /** out[off .. off+count)[0..t) ← 0. */
    public static void zero(double[][] out, int off, int count, int t) {
        for (int j = 0; j < count; j++) {
            java.util.Arrays.fill(out[off + j], 0, t, 0.0);
        }
    }

    /**
     * Rows to lanes: {@code dst[dstOff + j][i] = src[srcOff + i·width + j]} for the t rows i and
     * j &lt; width (the row-major t×width block at {@code src[srcOff..]}, transposed).
     */
    public static void toLanes(double[] src, int srcOff, int width, int t, double[][] dst, int dstOff) {
        for (int i = 0; i < t; i++) {
            int s = srcOff + i * width;
            for (int j = 0; j < width; j++) {
                dst[dstOff + j][i] = src[s + j];
            }
        }
    }

    /** Lanes to rows: {@code dst[dstOff + i·stride + j] = src[srcOff + j][i]}, the inverse of {@link #toLanes}. */
    public static void fromLanes(double[][] src, int srcOff, int width, int t, double[] dst, int dstOff, int stride) {
        for (int i = 0; i < t; i++) {
            int d = dstOff + i * stride;
            for (int j = 0; j < width; j++) {
                dst[d + j] = src[srcOff + j][i];
            }
        }
    }

    /** A count × t lane array (count lanes arrays of t doubles). */
    public static double[][] lanes(int count, int t) {
        return new double[count][t];
    }
}
