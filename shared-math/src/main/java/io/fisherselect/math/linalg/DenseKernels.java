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
    /**
     * The register-blocked Vector API kernel when the JVM has the {@code jdk.incubator.vector}
     * module (conf/java-options.properties adds it for Spark and the tests), else the plain one;
     * both give the same bits (see {@link LaneProduct}).
     */
    private static final LaneProduct PRODUCT = choose();

    private DenseKernels() {
    }

    private static LaneProduct choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return new VectorLaneProduct();
            } catch (LinkageError e) {
                return new ScalarLaneProduct();
            }
        }
        return new ScalarLaneProduct();
    }

    /** The plain kernel, whatever the JVM has (for tests and timing against the vector kernel). */
    static LaneProduct scalarProduct() {
        return new ScalarLaneProduct();
    }

    /**
     * The matrix product over lanes, accumulating:
     * {@code out[outOff + j][i] += Σ_{k<kk} w[wOff + k·ldw + j] · x[xOff + k][i]} for j &lt; n and
     * lanes i &lt; t, k ascending. In matrix terms, with X the t×kk tile (lane i = row i) and W the
     * kk×n row-major matrix at {@code w[wOff..]} with leading dimension ldw, out ← out + (X W)ᵀ.
     * Splitting k into consecutive panels and calling this once per panel gives the same bits as
     * one call (the per-element order is still k ascending).
     *
     * <p>The kernel ({@link LaneProduct}, chosen once per JVM) blocks columns, lanes and k panels
     * for registers and caches; columns and lanes are independent and the k order is kept, so the
     * blocking does not change any result.
     */
    public static void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                                   double[][] x, int xOff, int t, double[][] out, int outOff) {
        PRODUCT.multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, out, outOff);
    }

    /**
     * Per lane, the sum of m products of lanes: {@code out[i] = Σ_{c<m} x[xOff + c·xStride][i] ·
     * y[yOff + c·yStride][i]} for i &lt; t, each element summed from 0.0 in ascending c (a multiply,
     * then an add, per term) — the small per-candidate products (r×r and r×m) of the greedy steps.
     * Same bits with either kernel ({@link LaneProduct}) and in any lane.
     */
    public static void dot(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t,
                           double[] out) {
        PRODUCT.dot(x, xOff, xStride, y, yOff, yStride, m, t, out);
    }

    /** The plain-kernel {@link #dot}, whatever the JVM has (for tests). */
    static void dotReference(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t,
                             double[] out) {
        scalarProduct().dot(x, xOff, xStride, y, yOff, yStride, m, t, out);
    }

    /** The kernel {@link #multiplyAdd} runs on this JVM, for logs and benchmark tables. */
    public static String productName() {
        return PRODUCT.name();
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
