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

    /** smallest jitter tried, relative to the largest diagonal entry */
    public static final double FIRST_JITTER = 1e-12;
    /** largest jitter tried, relative to the largest diagonal entry; beyond it the matrix is refused */
    public static final double MAX_JITTER = 1e-6;

    /**
     * A Cholesky factor of A + δI: δ = 0 when A is positive definite, else the smallest of
     * δ = 10⁻¹²·s, 10⁻¹¹·s, …, 10⁻⁶·s (s = the largest |diagonal| entry, 1 if it is 0) that
     * makes the factorisation succeed.
     *
     * @param lower  the lower factor L of A + δI
     * @param jitter δ (0 when none was needed)
     * @param scale  s
     */
    public record Jittered(DMatrixRMaj lower, double jitter, double scale) {
    }

    /**
     * Cholesky with a jitter fallback (see {@link Jittered}). A matrix with NaN or infinite
     * entries, or one that stays indefinite with δ = 10⁻⁶·s, is refused with an
     * {@link ArithmeticException} naming it: a jitter that large would change the answer, not
     * repair rounding.
     */
    public static Jittered choleskyWithJitter(DMatrixRMaj a, String what) {
        double scale = 0;
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                if (!Double.isFinite(a.unsafe_get(i, j))) {
                    throw new ArithmeticException(what + " has a non-finite entry " + a.unsafe_get(i, j) + " at ("
                            + i + ", " + j + ")");
                }
            }
            scale = Math.max(scale, Math.abs(a.unsafe_get(i, i)));
        }
        if (scale == 0) {
            scale = 1;
        }
        try {
            return new Jittered(cholesky(a, what), 0.0, scale);
        } catch (ArithmeticException notPd) {
            for (double rel = FIRST_JITTER; rel <= MAX_JITTER * 1.0000001; rel *= 10) {
                double delta = rel * scale;
                DMatrixRMaj shifted = a.copy();
                for (int i = 0; i < a.numRows; i++) {
                    shifted.add(i, i, delta);
                }
                try {
                    return new Jittered(cholesky(shifted, what), delta, scale);
                } catch (ArithmeticException stillNot) {
                    // try a larger jitter
                }
            }
            throw new ArithmeticException(what + " is not positive definite, even after adding " + MAX_JITTER
                    + " × its largest diagonal entry (" + scale + ") to the diagonal");
        }
    }

    /** A⁻¹ of a symmetric positive-definite A, through its Cholesky factor; symmetrised. */
    public static DMatrixRMaj invert(DMatrixRMaj a, String what) {
        return inverseFromCholesky(cholesky(a, what));
    }

    /** (A + δI)⁻¹ with the jitter δ of {@link #choleskyWithJitter}, recorded in {@code numerics}. */
    public static DMatrixRMaj invert(DMatrixRMaj a, String what, Numerics numerics) {
        Jittered j = choleskyWithJitter(a, what);
        if (j.jitter() > 0 && numerics != null) {
            numerics.recordJitter(what, j.jitter(), j.scale());
        }
        return inverseFromCholesky(j.lower());
    }

    /** L⁻ᵀL⁻¹ for a lower Cholesky factor L. */
    public static DMatrixRMaj inverseFromCholesky(DMatrixRMaj l) {
        int n = l.numRows;
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
