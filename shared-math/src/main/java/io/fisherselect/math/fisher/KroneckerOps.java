package io.fisherselect.math.fisher;

import org.ejml.data.DMatrixRMaj;

/**
 * Products with Kronecker-structured factors V = A ⊗ φ (A: C×r, φ ∈ ℝᵈ, V: D×r, D = C·d) that
 * never form V or a D×D matrix per item (DESIGN.md "Never form a D×D matrix per item").
 *
 * <p>Parameter layout: ω is class-major, index (c, k) ↦ c·d + k, so V[(c,k), j] = A[c,j]·φ[k].
 *
 * <p>Projection layout: a D×m matrix W that many candidates are projected on is stored once as
 * a d × (C·m) row-major array {@code wt[k·C·m + c·m + j] = W[c·d + k, j]}. Then
 * Vᵀ W = Aᵀ (φᵀ wt): one pass over φ (O(d·C·m)) and an O(C·r·m) tail.
 */
public final class KroneckerOps {
    private KroneckerOps() {
    }

    /** Rearranges the D×m matrix W (D = c·d) into the projection layout. */
    public static double[] projectionLayout(DMatrixRMaj w, int d, int c) {
        int m = w.numCols;
        if (w.numRows != c * d) {
            throw new IllegalArgumentException("expected " + (c * d) + " rows, got " + w.numRows);
        }
        double[] wt = new double[d * c * m];
        for (int cls = 0; cls < c; cls++) {
            for (int k = 0; k < d; k++) {
                int src = (cls * d + k) * m;
                int dst = k * c * m + cls * m;
                System.arraycopy(w.data, src, wt, dst, m);
            }
        }
        return wt;
    }

    /**
     * z = φᵀ wt: z[c·m + j] = Σ_k φ[k]·W[c·d + k, j] = ((I_C ⊗ φ)ᵀ W)[c, j].
     *
     * @param z out, C·m values at {@code zOff}
     */
    public static void contractEmbedding(double[] phi, int phiOff, int d, double[] wt, int cm, double[] z, int zOff) {
        java.util.Arrays.fill(z, zOff, zOff + cm, 0.0);
        for (int k = 0; k < d; k++) {
            double f = phi[phiOff + k];
            int base = k * cm;
            for (int t = 0; t < cm; t++) {
                z[zOff + t] += f * wt[base + t];
            }
        }
    }

    /**
     * out = Vᵀ W (r×m) for V = A ⊗ φ and W given in the projection layout.
     *
     * @param z   scratch of length C·m (from index 0)
     * @param out r×m values at {@code outOff}
     */
    public static void project(double[] phi, int phiOff, int d, double[] a, int aOff, int c, int r,
                               double[] wt, int m, double[] z, double[] out, int outOff) {
        contractEmbedding(phi, phiOff, d, wt, c * m, z, 0);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < m; j++) {
                double t = 0;
                for (int cls = 0; cls < c; cls++) {
                    t += a[aOff + cls * r + i] * z[cls * m + j];
                }
                out[outOff + i * m + j] = t;
            }
        }
    }

    /**
     * Q = (I_C ⊗ φ)ᵀ G (I_C ⊗ φ) (C×C) for a D×D matrix G given in the projection layout (m = D).
     * Then Vᵀ G V = Aᵀ Q A. Costs O(D²) per item instead of O(D²·r) for forming G V.
     *
     * @param z scratch of length C·D at {@code zOff}
     * @param q out, C·C values at {@code qOff}
     */
    public static void embeddingQuadraticForm(double[] phi, int phiOff, int d, int c, double[] gt,
                                              double[] z, int zOff, double[] q, int qOff) {
        int dd = c * d;
        contractEmbedding(phi, phiOff, d, gt, c * dd, z, zOff);
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                double t = 0;
                int base = zOff + a * dd + b * d;
                for (int l = 0; l < d; l++) {
                    t += z[base + l] * phi[phiOff + l];
                }
                q[qOff + a * c + b] = t;
            }
        }
    }

    /** The dense D×r factor V = A ⊗ φ (driver side, one item at a time). */
    public static DMatrixRMaj denseFactor(double[] phi, int phiOff, int d, double[] a, int aOff, int c, int r) {
        DMatrixRMaj v = new DMatrixRMaj(c * d, r);
        for (int cls = 0; cls < c; cls++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < r; j++) {
                    v.data[(cls * d + k) * r + j] = a[aOff + cls * r + j] * phi[phiOff + k];
                }
            }
        }
        return v;
    }

    /**
     * target += weight · (A Aᵀ) ⊗ φφᵀ = weight · V Vᵀ, written block by block (C² blocks of d×d):
     * O(D²) instead of O(D²·r).
     */
    public static void addFisher(DMatrixRMaj target, double weight, double[] phi, int phiOff, int d,
                                 double[] a, int aOff, int c, int r) {
        int dd = c * d;
        double[] data = target.data;
        for (int p = 0; p < c; p++) {
            for (int q = 0; q < c; q++) {
                double b = 0;
                for (int j = 0; j < r; j++) {
                    b += a[aOff + p * r + j] * a[aOff + q * r + j];
                }
                b *= weight;
                if (b == 0.0) {
                    continue;
                }
                for (int k = 0; k < d; k++) {
                    double bk = b * phi[phiOff + k];
                    int row = (p * d + k) * dd + q * d;
                    for (int l = 0; l < d; l++) {
                        data[row + l] += bk * phi[phiOff + l];
                    }
                }
            }
        }
    }
}
