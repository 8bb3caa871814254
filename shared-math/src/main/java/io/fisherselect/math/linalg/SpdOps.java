package io.fisherselect.math.linalg;

import org.ejml.data.DMatrixRMaj;
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

    /** rows of L⁻¹ (and of L⁻ᵀL⁻¹'s tiles) done together, so a finished row is read once per block */
    private static final int ROW_BLOCK = 64;
    /** columns per tile: a ROW_BLOCK × COLUMN_BLOCK tile of partial sums (256 KiB) stays in the core's L2 cache */
    private static final int COLUMN_BLOCK = 512;

    /**
     * L⁻ᵀL⁻¹ for a lower Cholesky factor L, symmetrised.
     *
     * <p>The arithmetic is that of forward substitution column by column followed by the
     * product (L⁻¹)ᵀL⁻¹ and {@link #symmetrize}: every entry of L⁻¹ is
     * {@code (δ − L[i][col]·X[col][col] − … − L[i][i−1]·X[i−1][col]) / L[i][i]} with the terms
     * subtracted in that order, and every entry of the product is the sum over k ascending.
     * Only the loop nesting differs: both stages walk rows (unit stride) in cache-sized tiles
     * instead of columns, and the product skips the terms k &lt; max(i, j), which multiply an
     * exact zero of the strict upper triangle into a sum that is still +0. The result is therefore
     * the same bits as the column-by-column version whenever L⁻¹ is finite.
     */
    public static DMatrixRMaj inverseFromCholesky(DMatrixRMaj l) {
        return inverseFromCholesky(l, ROW_BLOCK, COLUMN_BLOCK);
    }

    /** {@link #inverseFromCholesky(DMatrixRMaj)} with the given tile sizes (the same bits for any). */
    static DMatrixRMaj inverseFromCholesky(DMatrixRMaj l, int rowBlock, int columnBlock) {
        int n = l.numRows;
        double[][] x = lowerInverseRows(l, rowBlock, columnBlock);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        double[] out = inv.data;
        double[][] upper = new double[Math.min(rowBlock, n)][];
        // the tile's columns of row k, copied to start at 0: C2 vectorises only loops whose arrays share an index
        double[] segment = new double[columnBlock];
        for (int j0 = 0; j0 < n; j0 += columnBlock) {
            int j1 = Math.min(n, j0 + columnBlock);
            int width = j1 - j0;
            for (int i0 = 0; i0 < j1; i0 += rowBlock) {
                int i1 = Math.min(j1, i0 + rowBlock);
                // tile rows i0..i1 × columns j0..j1 of the upper triangle (i ≤ j), index j − j0
                for (int i = i0; i < i1; i++) {
                    upper[i - i0] = new double[width];
                }
                for (int k = j0; k < n; k++) {
                    double[] xk = x[k];
                    int end = Math.min(j1, k + 1) - j0;
                    int iEnd = Math.min(i1, k + 1);
                    System.arraycopy(xk, j0, segment, 0, end);
                    for (int i = i0; i < iEnd; i++) {
                        double a = xk[i];
                        double[] acc = upper[i - i0];
                        for (int j = Math.max(0, i - j0); j < end; j++) {
                            acc[j] += a * segment[j];
                        }
                    }
                }
                for (int i = i0; i < i1; i++) {
                    double[] acc = upper[i - i0];
                    for (int j = Math.max(i, j0); j < j1; j++) {
                        double u = acc[j - j0];
                        // what symmetrize makes of the two equal halves of the full product
                        double m = i == j ? u : 0.5 * (u + u);
                        out[i * n + j] = m;
                        out[j * n + i] = m;
                    }
                }
            }
        }
        return inv;
    }

    /**
     * L⁻¹ by forward substitution, as rows: row i has the i + 1 entries of columns 0..i. Rows are
     * finished in blocks of {@code rowBlock}; the terms of finished rows k are subtracted tile by
     * tile (k ascending within each entry), then the terms from inside the block, then the row is
     * divided by its pivot.
     */
    private static double[][] lowerInverseRows(DMatrixRMaj l, int rowBlock, int columnBlock) {
        int n = l.numRows;
        double[] ld = l.data;
        double[][] x = new double[n][];
        for (int i0 = 0; i0 < n; i0 += rowBlock) {
            int i1 = Math.min(n, i0 + rowBlock);
            for (int i = i0; i < i1; i++) {
                x[i] = new double[i + 1];
                x[i][i] = 1.0;
            }
            for (int c0 = 0; c0 < i0; c0 += columnBlock) {
                int c1 = Math.min(i0, c0 + columnBlock);
                for (int k = c0; k < i0; k++) {
                    double[] xk = x[k];
                    int end = Math.min(c1, k + 1);
                    for (int i = i0; i < i1; i++) {
                        double a = ld[i * n + k];
                        double[] xi = x[i];
                        for (int col = c0; col < end; col++) {
                            xi[col] -= a * xk[col];
                        }
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                double[] xi = x[i];
                for (int k = i0; k < i; k++) {
                    double a = ld[i * n + k];
                    double[] xk = x[k];
                    for (int col = 0; col <= k; col++) {
                        xi[col] -= a * xk[col];
                    }
                }
                double pivot = ld[i * n + i];
                for (int col = 0; col <= i; col++) {
                    xi[col] = xi[col] / pivot;
                }
            }
        }
        return x;
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
