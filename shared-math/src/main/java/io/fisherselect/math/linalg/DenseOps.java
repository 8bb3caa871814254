package io.fisherselect.math.linalg;

import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Products of dense matrices on the driver (D×D by D×D in a selection's set-up, D×D by D×r at
 * every pick), with EJML's bits but faster kernels: the register-blocked kernel of
 * {@link DenseKernels} for wide products, one pass over a's rows for narrow ones.
 */
public final class DenseOps {
    /** columns of the result per tile: the lanes of {@link DenseKernels#multiplyAdd} */
    static final int COLUMNS = 128;

    private DenseOps() {
    }

    /**
     * c = a·b with the numbers of EJML's {@code CommonOps_DDRM.mult(a, b, c)}, bit for bit. For b
     * with at least {@code EjmlParameters.MULT_COLUMN_SWITCH} columns EJML assigns cᵢⱼ = aᵢ₀·b₀ⱼ
     * and then adds aᵢₖ·bₖⱼ for k ascending (a multiply, then an add), which is the kernel's
     * per-element order once the k = 0 term is assigned. For 1 &lt; p below the switch EJML
     * ({@code mult_small}) sums each element from 0 over k in order, which {@link #multNarrow}
     * does with a's row read once for all p columns instead of p passes with a column stride.
     * A single column stays EJML's.
     *
     * @param a input, n×m
     * @param b input, m×p
     * @param c output, reshaped to n×p; must not be a or b
     */
    public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (a.numCols != b.numRows) {
            throw new IllegalArgumentException("a is " + a.numRows + "×" + a.numCols + ", b is " + b.numRows + "×"
                    + b.numCols);
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("c must not be a or b");
        }
        int n = a.numRows;
        int m = a.numCols;
        int p = b.numCols;
        if (p <= 1 || n == 0 || m == 0) {
            CommonOps_DDRM.mult(a, b, c);
            return;
        }
        c.reshape(n, p);
        if (p < EjmlParameters.MULT_COLUMN_SWITCH) {
            multNarrow(a.data, b.data, c.data, n, m, p);
            return;
        }
        // the kernel reads its weights as w[k·ldw + j]: row j of the result takes aⱼₖ from aᵀ
        double[] at = new double[m * n];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < m; k++) {
                at[k * n + r] = a.data[r * m + k];
            }
        }
        int width = Math.min(COLUMNS, p);
        double[][] x = new double[m][width];
        double[][] out = new double[n][width];
        for (int c0 = 0; c0 < p; c0 += COLUMNS) {
            int t = Math.min(COLUMNS, p - c0);
            for (int k = 0; k < m; k++) {
                System.arraycopy(b.data, k * p + c0, x[k], 0, t);
            }
            for (int r = 0; r < n; r++) {
                double a0 = a.data[r * m];
                double[] row = out[r];
                double[] b0 = x[0];
                for (int i = 0; i < t; i++) {
                    row[i] = a0 * b0[i];
                }
            }
            DenseKernels.multiplyAdd(at, n, n, m - 1, n, x, 1, t, out, 0);
            for (int r = 0; r < n; r++) {
                System.arraycopy(out[r], 0, c.data, r * p + c0, t);
            }
        }
    }

    /** c = a·b for narrow b (p columns): p running sums per row of a, each from 0 in k order. */
    private static void multNarrow(double[] a, double[] b, double[] c, int n, int m, int p) {
        double[] sum = new double[p];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sum, 0.0);
            int row = i * m;
            for (int k = 0; k < m; k++) {
                double x = a[row + k];
                int bk = k * p;
                for (int j = 0; j < p; j++) {
                    sum[j] += x * b[bk + j];
                }
            }
            System.arraycopy(sum, 0, c, i * p, p);
        }
    }
}
