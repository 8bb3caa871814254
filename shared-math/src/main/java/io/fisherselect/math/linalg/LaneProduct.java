package io.fisherselect.math.linalg;

/**
 * The one matrix-product kernel of the candidate-side passes (see {@link DenseKernels#multiplyAdd}):
 * {@code out[outOff + j][i] += Σ_{k<kk} w[wOff + k·ldw + j] · x[xOff + k][i]}, every element summed
 * from its current value in ascending k, one multiply then one add per term (never fused).
 *
 * <p>Implementations differ only in how they walk the elements (register and cache blocking,
 * SIMD width), never in the operations an element sees, so they give the same bits as each other
 * and as the plain triple loop, whatever the lane a candidate sits in.
 */
interface LaneProduct {
    void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n, double[][] x, int xOff, int t,
                     double[][] out, int outOff);

    /**
     * {@code out[i] = Σ_{c<m} x[xOff + c·xStride][i] · y[yOff + c·yStride][i]} for lanes i &lt; t,
     * every element summed from 0.0 in ascending c, one multiply then one add per term.
     */
    void dot(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t, double[] out);

    /** A short name for logs and benchmark tables. */
    String name();
}
