package io.fisherselect.math.linalg;

import java.util.Arrays;
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
    /** columns per tile, the lanes of {@link DenseKernels#multiplyAdd} */
    private static final int COLUMN_BLOCK = 128;

    /**
     * L⁻ᵀL⁻¹ for a lower Cholesky factor L, symmetrised.
     *
     * <p>The arithmetic is that of forward substitution column by column followed by the
     * product (L⁻¹)ᵀL⁻¹ and {@link #symmetrize}: every entry of X = L⁻¹ is
     * {@code (δ − L[i][col]·X[col][col] − … − L[i][i−1]·X[i−1][col]) / L[i][i]} with the terms
     * subtracted in that order, and every entry of the product is the sum over k ascending.
     * Only the loop nesting differs: both stages walk rows in cache-sized tiles instead of
     * columns, through the register-blocked {@link DenseKernels#multiplyAdd} (the terms from
     * inside a block of rows through a plain row loop), which keeps every element's k order
     * (subtracting a·x is adding (−a)·x, the same IEEE result). Memory: X is held twice (by rows
     * and by tiles), D² doubles in all, as the D×D L⁻¹ was before. A tile also
     * takes terms the column-by-column version never forms, each an exact zero of the strict
     * upper triangle of X times a finite number, added to a sum that is +0 until the first real
     * term (+0 + ±0 = +0). The result is therefore the same bits whenever L⁻¹ is finite.
     */
    public static DMatrixRMaj inverseFromCholesky(DMatrixRMaj l) {
        return inverseFromCholesky(l, ROW_BLOCK, COLUMN_BLOCK);
    }

    /** {@link #inverseFromCholesky(DMatrixRMaj)} with the given tile sizes (the same bits for any). */
    static DMatrixRMaj inverseFromCholesky(DMatrixRMaj l, int rowBlock, int columnBlock) {
        int n = l.numRows;
        LowerInverse x = lowerInverse(l, rowBlock, columnBlock);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        double[] out = inv.data;
        double[][] upper = new double[rowBlock][columnBlock];
        double[] panel = new double[n * rowBlock];
        for (int j0 = 0; j0 < n; j0 += columnBlock) {
            int j1 = Math.min(n, j0 + columnBlock);
            int width = j1 - j0;
            for (int i0 = 0; i0 < j1; i0 += rowBlock) {
                int i1 = Math.min(j1, i0 + rowBlock);
                int h = i1 - i0;
                // tile rows i0..i1 × columns j0..j1, index j − j0: Σ_{k ≥ j0} X[k][i]·X[k][j]
                for (int r = 0; r < h; r++) {
                    Arrays.fill(upper[r], 0, width, 0.0);
                }
                for (int k = j0; k < n; k++) {
                    // X[k][i0..i1), zero past the diagonal
                    int from = (k - j0) * rowBlock;
                    int have = Math.max(0, Math.min(h, k + 1 - i0));
                    if (have > 0) {
                        System.arraycopy(x.rows[k], i0, panel, from, have);
                    }
                    Arrays.fill(panel, from + have, from + h, 0.0);
                }
                DenseKernels.multiplyAdd(panel, 0, rowBlock, n - j0, h, x.tileRows[j0 / columnBlock], j0, width,
                        upper, 0);
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
     * X = L⁻¹ twice: {@code rows[i]} holds the i + 1 entries of row i (columns 0..i), and
     * {@code tileRows[c][k]} the entries of row k in the columns of tile c (columns
     * c·columnBlock onwards, at most columnBlock of them, zero past the diagonal, starting at
     * index 0 as {@link DenseKernels#multiplyAdd} needs) for the rows k from the tile's first
     * column on.
     */
    private record LowerInverse(double[][] rows, double[][][] tileRows) {
    }

    /**
     * L⁻¹ by forward substitution. Rows are finished in blocks of {@code rowBlock}: for each
     * tile of columns, the terms of all finished rows (register-blocked), then the terms from
     * inside the block, then the division by the pivot: k ascending within each entry.
     */
    private static LowerInverse lowerInverse(DMatrixRMaj l, int rowBlock, int columnBlock) {
        int n = l.numRows;
        double[] ld = l.data;
        double[][] x = new double[n][];
        int tiles = (n + columnBlock - 1) / columnBlock;
        double[][][] tileRows = new double[tiles][n][];
        // −L[i0 + r][k] at k·rowBlock + r: the block's multipliers, negated so that the kernel's add subtracts
        double[] negated = new double[n * rowBlock];
        double[][] tile = new double[rowBlock][columnBlock];
        for (int i0 = 0; i0 < n; i0 += rowBlock) {
            int i1 = Math.min(n, i0 + rowBlock);
            int h = i1 - i0;
            for (int i = i0; i < i1; i++) {
                x[i] = new double[i + 1];
                x[i][i] = 1.0;
                for (int k = 0; k < i0; k++) {
                    negated[k * rowBlock + i - i0] = -ld[i * n + k];
                }
            }
            for (int c0 = 0; c0 < i0; c0 += columnBlock) {
                int width = Math.min(i0, c0 + columnBlock) - c0;
                for (int r = 0; r < h; r++) {
                    Arrays.fill(tile[r], 0, width, 0.0);
                }
                DenseKernels.multiplyAdd(negated, c0 * rowBlock, rowBlock, i0 - c0, h, tileRows[c0 / columnBlock], c0,
                        width, tile, 0);
                for (int r = 0; r < h; r++) {
                    System.arraycopy(tile[r], 0, x[i0 + r], c0, width);
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
                for (int c0 = 0; c0 <= i; c0 += columnBlock) {
                    double[] t = new double[Math.min(n, c0 + columnBlock) - c0];
                    System.arraycopy(xi, c0, t, 0, Math.min(i + 1, c0 + t.length) - c0);
                    tileRows[c0 / columnBlock][i] = t;
                }
            }
        }
        return new LowerInverse(x, tileRows);
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

    /** square tiles of {@link #symmetrize}: a tile and its mirror (2 × 32 KiB) stay in the core's cache */
    private static final int SYMMETRIZE_BLOCK = 64;

    /**
     * A ← (A + Aᵀ)/2, to keep rank updates from drifting away from symmetry. Each pair
     * (i, j), (j, i) is averaged on its own, so walking the matrix in square tiles (the mirror
     * tile read by columns stays in cache) gives the same bits as any other order.
     */
    public static void symmetrize(DMatrixRMaj a) {
        int n = a.numRows;
        int stride = a.numCols;
        double[] d = a.data;
        for (int i0 = 0; i0 < n; i0 += SYMMETRIZE_BLOCK) {
            int i1 = Math.min(n, i0 + SYMMETRIZE_BLOCK);
            for (int j0 = 0; j0 <= i0; j0 += SYMMETRIZE_BLOCK) {
                for (int i = i0; i < i1; i++) {
                    int j1 = Math.min(i, j0 + SYMMETRIZE_BLOCK);
                    for (int j = j0; j < j1; j++) {
                        double m = 0.5 * (d[i * stride + j] + d[j * stride + i]);
                        d[i * stride + j] = m;
                        d[j * stride + i] = m;
                    }
                }
            }
        }
    }
}
