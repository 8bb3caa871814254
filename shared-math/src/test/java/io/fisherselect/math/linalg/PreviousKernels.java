package io.fisherselect.math.linalg;

import io.fisherselect.math.select.CandidateBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The kernels as they were before the register-blocked ones, kept verbatim as references for the
 * bit-identity tests and for timing: the plain lane product (auto-vectorised by C2), the first
 * register-blocked one ({@link PreviousVectorLaneProduct}, 4 columns × 2 vectors) and the
 * four-rows-per-sweep pool Fisher sum; and {@code SpdOps.inverseFromCholesky} as it was before
 * it walked rows in tiles (forward substitution column by column, then EJML's (L⁻¹)ᵀL⁻¹) and
 * {@code SpdOps.symmetrize} as it was before it walked tiles.
 */
public final class PreviousKernels {
    /** monomial rows (k, l) per pass */
    private static final int MONOMIAL_CHUNK = 64;

    private PreviousKernels() {
    }

    /** The previous {@code DenseKernels.multiplyAdd}. */
    public static void multiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                                   double[][] x, int xOff, int t, double[][] out, int outOff) {
        DenseKernels.scalarProduct().multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, out, outOff);
    }

    /**
     * The first register-blocked {@code DenseKernels.multiplyAdd} (4 columns × 2 vectors, panels
     * of 256 k's); needs the JDK Vector API module, like the kernel it precedes.
     */
    public static void vectorMultiplyAdd(double[] w, int wOff, int ldw, int kk, int n,
                                         double[][] x, int xOff, int t, double[][] out, int outOff) {
        new PreviousVectorLaneProduct().multiplyAdd(w, wOff, ldw, kk, n, x, xOff, t, out, outOff);
    }

    /** The four-rows-per-sweep {@code FisherSum.of}, before it ran on the lane kernel. */
    public static DMatrixRMaj fisherSum(CandidateBlock b) {
        int d = b.d;
        int c = b.c;
        int r = b.r;
        int pairs = c * (c + 1) / 2;
        int monomials = d * (d + 1) / 2;
        int[] monoK = new int[monomials];
        int[] monoL = new int[monomials];
        for (int k = 0, m = 0; k < d; k++) {
            for (int l = k; l < d; l++, m++) {
                monoK[m] = k;
                monoL[m] = l;
            }
        }
        // W: the rows' (B_i)_pq for p ≤ q, row-major n × pairs
        double[] w = new double[b.n * pairs];
        for (int i = 0; i < b.n; i++) {
            int aOff = b.factorOffset(i);
            for (int p = 0, pq = 0; p < c; p++) {
                for (int q = p; q < c; q++, pq++) {
                    double s = 0;
                    for (int j = 0; j < r; j++) {
                        s += b.factor[aOff + p * r + j] * b.factor[aOff + q * r + j];
                    }
                    w[i * pairs + pq] = s;
                }
            }
        }
        // R[m][pq] = Σ_i φ_ik φ_il (B_i)_pq, m = (k, l)
        double[] acc = new double[monomials * pairs];
        for (int m0 = 0; m0 < monomials; m0 += MONOMIAL_CHUNK) {
            int m1 = Math.min(monomials, m0 + MONOMIAL_CHUNK);
            int i = 0;
            // four rows per sweep: each entry still adds the rows' terms one by one in row order
            // (the same rounding as one row per sweep), with a quarter of the loads and stores of R
            for (; i + 4 <= b.n; i += 4) {
                int f0 = b.phiOffset(i);
                int f1 = b.phiOffset(i + 1);
                int f2 = b.phiOffset(i + 2);
                int f3 = b.phiOffset(i + 3);
                int w0 = i * pairs;
                int w1 = w0 + pairs;
                int w2 = w1 + pairs;
                int w3 = w2 + pairs;
                for (int m = m0; m < m1; m++) {
                    int k = monoK[m];
                    int l = monoL[m];
                    double x0 = b.phi[f0 + k] * b.phi[f0 + l];
                    double x1 = b.phi[f1 + k] * b.phi[f1 + l];
                    double x2 = b.phi[f2 + k] * b.phi[f2 + l];
                    double x3 = b.phi[f3 + k] * b.phi[f3 + l];
                    int rOff = m * pairs;
                    for (int pq = 0; pq < pairs; pq++) {
                        double v = acc[rOff + pq];
                        v += x0 * w[w0 + pq];
                        v += x1 * w[w1 + pq];
                        v += x2 * w[w2 + pq];
                        v += x3 * w[w3 + pq];
                        acc[rOff + pq] = v;
                    }
                }
            }
            for (; i < b.n; i++) {
                int phiOff = b.phiOffset(i);
                int wOff = i * pairs;
                for (int m = m0; m < m1; m++) {
                    double x = b.phi[phiOff + monoK[m]] * b.phi[phiOff + monoL[m]];
                    int rOff = m * pairs;
                    for (int pq = 0; pq < pairs; pq++) {
                        acc[rOff + pq] += x * w[wOff + pq];
                    }
                }
            }
        }
        int dd = c * d;
        DMatrixRMaj sum = new DMatrixRMaj(dd, dd);
        double[] out = sum.data;
        for (int m = 0; m < monomials; m++) {
            int k = monoK[m];
            int l = monoL[m];
            for (int p = 0, pq = 0; p < c; p++) {
                for (int q = p; q < c; q++, pq++) {
                    double v = acc[m * pairs + pq];
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

    /** The previous {@code SpdOps.inverseFromCholesky}: L⁻¹ column by column, then EJML's product. */
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

    /** The previous {@code SpdOps.symmetrize}, row by row. */
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
