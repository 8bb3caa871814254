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
    /** (k, l) tile of the dense assembly: the tile's entries of R (≤ 32² × 56 doubles) stay in L2 */
    private static final int ASSEMBLY_TILE = 32;

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
                    monomials(b.phi, b.phiOffset(i), d, monoK[m0], monoL[m0], width, psi, (i - i0) * width);
                }
                DenseKernels.multiplyAdd(psi, 0, width, i1 - i0, width, w, i0, lanes, acc, m0);
            }
        }
        int dd = c * d;
        DMatrixRMaj sum = new DMatrixRMaj(dd, dd);
        double[] out = sum.data;
        // F[(p, k), (q, l)] = G_pq[k][l], with G_pq = G_qp and G_pq symmetric: each entry is
        // R[(min(k, l), max(k, l))][(min(p, q), max(p, q))]. Written tile of (k, l) by tile, every
        // block (p, q) in turn, so the rows of F are written in contiguous runs while the tile's
        // entries of R stay in cache (scattering each entry of R to its four places touches a new
        // cache line of F for every write, which costs as much as the sum itself at 2,000 rows)
        for (int k0 = 0; k0 < d; k0 += ASSEMBLY_TILE) {
            int k1 = Math.min(d, k0 + ASSEMBLY_TILE);
            for (int l0 = 0; l0 < d; l0 += ASSEMBLY_TILE) {
                int l1 = Math.min(d, l0 + ASSEMBLY_TILE);
                for (int p = 0; p < c; p++) {
                    for (int q = 0; q < c; q++) {
                        int pq = KroneckerOps.packedIndex(Math.min(p, q), Math.max(p, q), c);
                        for (int k = k0; k < k1; k++) {
                            int row = (p * d + k) * dd + q * d;
                            for (int l = l0; l < l1; l++) {
                                int m = k <= l ? KroneckerOps.packedIndex(k, l, d) : KroneckerOps.packedIndex(l, k, d);
                                out[row + l] = acc[m][pq];
                            }
                        }
                    }
                }
            }
        }
        return sum;
    }

    /**
     * The row's monomials φ_kφ_l (k ≤ l) from (k, l) on, count of them in the packed order, into
     * {@code psi[at..]}: runs of one k with l contiguous, so the inner loop is a scaled copy
     * without index look-ups (each entry is still the one product φ_k·φ_l).
     */
    private static void monomials(double[] phi, int f, int d, int k, int l, int count, double[] psi, int at) {
        for (int done = 0; done < count; k++, l = k) {
            int len = Math.min(count - done, d - l);
            double pk = phi[f + k];
            int o = at + done;
            int src = f + l;
            for (int s = 0; s < len; s++) {
                psi[o + s] = pk * phi[src + s];
            }
            done += len;
        }
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
