package io.fisherselect.math.linalg;

import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Products of large dense matrices on the driver (the D×D products of a selection's set-up, D up
 * to 8,192), on the register-blocked kernel of {@link DenseKernels} instead of EJML's row loop,
 * with EJML's bits.
 */
public final class DenseOps {
    /** columns of the result per tile: the lanes of {@link DenseKernels#multiplyAdd} */
    static final int COLUMNS = 128;

    private DenseOps() {
    }

    /**
     * c = a·b with the numbers of EJML's {@code CommonOps_DDRM.mult(a, b, c)}, bit for bit: for
     * b with at least {@code EjmlParameters.MULT_COLUMN_SWITCH} columns EJML assigns
     * cᵢⱼ = aᵢ₀·b₀ⱼ and then adds aᵢₖ·bₖⱼ for k ascending (a multiply, then an add), which is the
     * kernel's per-element order once the k = 0 term is assigned; narrower products stay EJML's.
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
        if (p < EjmlParameters.MULT_COLUMN_SWITCH || n == 0 || m == 0) {
            CommonOps_DDRM.mult(a, b, c);
            return;
        }
        c.reshape(n, p);
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
}
