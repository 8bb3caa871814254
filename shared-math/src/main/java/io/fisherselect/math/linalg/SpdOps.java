package io.fisherselect.math.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Symmetric positive-definite matrices on the driver (D×D precisions and their inverses), by
 * Cholesky. Never an explicit inverse of a matrix that is not known to be positive definite.
 */
public final class SpdOps {
    private SpdOps() {
    }

    /** Lower Cholesky factor L of A = L Lᵀ, or an {@link ArithmeticException} naming what failed. */
    public static DMatrixRMaj cholesky(DMatrixRMaj a, String what) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(a.numRows, true);
        DMatrixRMaj copy = a.copy();
        if (!chol.decompose(copy)) {
            throw new ArithmeticException(what + " is not positive definite (Cholesky failed)");
        }
        DMatrixRMaj l = chol.getT(null);
        // EJML only tests pivots with "≤ 0", which a NaN passes: check every pivot explicitly
        for (int i = 0; i < l.numRows; i++) {
            double p = l.unsafe_get(i, i);
            if (!(p > 0) || Double.isInfinite(p)) {
                throw new ArithmeticException(what + " is not positive definite (Cholesky pivot " + i + " is " + p
                        + "; the matrix has NaN or infinite entries)");
            }
        }
        return l;
    }

    /** A⁻¹ of a symmetric positive-definite A, through its Cholesky factor; symmetrised. */
    public static DMatrixRMaj invert(DMatrixRMaj a, String what) {
        DMatrixRMaj l = cholesky(a, what);
        int n = a.numRows;
        DMatrixRMaj linv = new DMatrixRMaj(n, n);
        CommonOps_DDRM.setIdentity(linv);
        // L⁻¹ by forward substitution, column by column
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < n; i++) {
                double s = i == col ? 1.0 : 0.0;
                for (int k = col; k < i; k++) {
                    s -= l.unsafe_get(i, k) * linv.unsafe_get(k, col);
                }
                linv.unsafe_set(i, col, i < col ? 0.0 : s / l.unsafe_get(i, i));
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(linv, linv, inv);
        symmetrize(inv);
        return inv;
    }

    /** log det A of a symmetric positive-definite A. */
    public static double logDet(DMatrixRMaj a, String what) {
        DMatrixRMaj l = cholesky(a, what);
        double s = 0;
        for (int i = 0; i < l.numRows; i++) {
            s += Math.log(l.unsafe_get(i, i));
        }
        return 2 * s;
    }

    /** A ← (A + Aᵀ)/2, to keep rank updates from drifting away from symmetry. */
    public static void symmetrize(DMatrixRMaj a) {
        int n = a.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (a.unsafe_get(i, j) + a.unsafe_get(j, i));
                a.unsafe_set(i, j, m);
                a.unsafe_set(j, i, m);
            }
        }
    }
}
