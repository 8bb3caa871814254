package io.fisherselect.math.linalg;

/**
 * The lane kernel in plain Java that C2 auto-vectorises over the lanes: four output columns
 * share each load of {@code x[k]}, and the accumulators live in the output arrays. Used when the
 * JDK Vector API module is not available; same bits as {@link VectorLaneProduct}.
 */
final class ScalarLaneProduct implements LaneProduct {

    @Override
    public void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
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

    @Override
    public void dot(double[][] x, int xOff, int xStride, double[][] y, int yOff, int yStride, int m, int t,
                    double[] out) {
        java.util.Arrays.fill(out, 0, t, 0.0);
        for (int c = 0; c < m; c++) {
            double[] xc = x[xOff + c * xStride];
            double[] yc = y[yOff + c * yStride];
            for (int i = 0; i < t; i++) {
                out[i] = out[i] + xc[i] * yc[i];
            }
        }
    }

    @Override
    public String name() {
        return "scalar lanes";
    }
}
