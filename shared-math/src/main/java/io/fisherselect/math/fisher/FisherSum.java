package io.fisherselect.math.fisher;

import io.fisherselect.math.linalg.DenseKernels;
import io.fisherselect.math.select.CandidateBlock;
import org.ejml.data.DMatrixRMaj;

/**
 * Σᵢ Fᵢ = Σᵢ VᵢVᵢᵀ over a block, dense D×D (driver-sized). The prior precision is
 * H = λI + Σ_labeled Fⱼ (paper eqs. (19)–(20)); the pool Fisher of EPIG/BAIT is a mean of the same.
 *
 * <p>With Fᵢ = Bᵢ ⊗ φᵢφᵢᵀ and Bᵢ = AᵢAᵢᵀ (C×C), the sum is made of C(C+1)/2 distinct d×d blocks
 * G_pq = Σᵢ (Bᵢ)_pq φᵢφᵢᵀ (p ≤ q), each symmetric: a weighted Gram matrix. All of them are computed
 * together as one product, R = Mᵀ W with M the rows' d(d+1)/2 monomials φ_kφ_l (k ≤ l) and W the
 * rows' C(C+1)/2 weights, which is ≈ D²/4 multiply-adds per item instead of the D² of adding each
 * Fᵢ densely (and runs on the register-blocked lane kernel). Every entry is summed over the rows
 * in row order, so the result is a fixed function of the block.
 */
public final class FisherSum {
    /** monomials per pass: the pass's slice of R (MONOMIALS × padded pairs) and of Ψ stay in L2 */
    private static final int MONOMIALS = 512;
    /** rows per pass: Ψ's panel is ROWS × MONOMIALS doubles (1 MB) */
    private static final int ROWS = 256;
    /** lane count granularity: the pairs are padded with zero weights to a multiple of it */
    private static final int LANE_PAD = 8;

    private FisherSum() {
    }

    /**
     * Σ over the block's rows, in row order: R = Ψᵀ W as {@link DenseKernels#multiplyAdd} with
     * the pairs (p, q) as lanes, the rows as the summed index k and the monomials as output
     * columns, fed panel by panel (rows ascending within each panel of monomials). Every entry
     * of R is therefore 0 + Σᵢ ψᵢ·wᵢ with one multiply and one add per row in row order — the
     * same bits as summing the rows one by one — and Ψ is formed only a panel at a time.
     */
    public static DMatrixRMaj of(CandidateBlock b) {
        int d = b.d;
        int c = b.c;
        int r = b.r;
        int pairs = c * (c + 1) / 2;
        int lanes = (pairs + LANE_PAD - 1) / LANE_PAD * LANE_PAD;
        int monomials = d * (d + 1) / 2;
        int[] monoK = new int[monomials];
        int[] monoL = new int[monomials];
        for (int k = 0, m = 0; k < d; k++) {
            for (int l = k; l < d; l++, m++) {
                monoK[m] = k;
                monoL[m] = l;
            }
        }
        // W: row i's (B_i)_pq for p ≤ q as one lane array (zero past the pairs)
        double[][] w = new double[b.n][lanes];
        for (int i = 0; i < b.n; i++) {
            int aOff = b.factorOffset(i);
            for (int p = 0, pq = 0; p < c; p++) {
                for (int q = p; q < c; q++, pq++) {
                    double s = 0;
                    for (int j = 0; j < r; j++) {
                        s += b.factor[aOff + p * r + j] * b.factor[aOff + q * r + j];
                    }
                    w[i][pq] = s;
                }
            }
        }
        // R[m][pq] = Σ_i φ_ik φ_il (B_i)_pq, m = (k, l)
        double[][] acc = new double[monomials][lanes];
        int mp = Math.min(MONOMIALS, monomials);
        double[] psi = new double[ROWS * mp];
        for (int m0 = 0; m0 < monomials; m0 += MONOMIALS) {
            int m1 = Math.min(monomials, m0 + MONOMIALS);
            int width = m1 - m0;
            for (int i0 = 0; i0 < b.n; i0 += ROWS) {
                int i1 = Math.min(b.n, i0 + ROWS);
                for (int i = i0; i < i1; i++) {
                    int f = b.phiOffset(i);
                    int row = (i - i0) * width;
                    for (int m = m0; m < m1; m++) {
                        psi[row + m - m0] = b.phi[f + monoK[m]] * b.phi[f + monoL[m]];
                    }
                }
                DenseKernels.multiplyAdd(psi, 0, width, i1 - i0, width, w, i0, lanes, acc, m0);
            }
        }
        int dd = c * d;
        DMatrixRMaj sum = new DMatrixRMaj(dd, dd);
        double[] out = sum.data;
        for (int m = 0; m < monomials; m++) {
            int k = monoK[m];
            int l = monoL[m];
            double[] am = acc[m];
            for (int p = 0, pq = 0; p < c; p++) {
                for (int q = p; q < c; q++, pq++) {
                    double v = am[pq];
                    // G_pq[k][l] = G_pq[l][k], and block (q, p) = block (p, q)ᵀ = block (p, q)
                    out[(p * d + k) * dd + q * d + l] = v;
                    out[(p * d + l) * dd + q * d + k] = v;
                    out[(q * d + k) * dd + p * d + l] = v;
                    out[(q * d + l) * dd + p * d + k] = v;
                }
            }
        }
        return sum;
    }

    /** λI + F. */
    public static DMatrixRMaj plusRidge(DMatrixRMaj f, double lambda) {
        DMatrixRMaj h = f.copy();
        for (int i = 0; i < h.numRows; i++) {
            h.add(i, i, lambda);
        }
        return h;
    }
}
