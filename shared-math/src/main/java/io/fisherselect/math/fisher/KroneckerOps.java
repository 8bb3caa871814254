package io.fisherselect.math.fisher;

import org.ejml.data.DMatrixRMaj;

/**
 * Products with Kronecker-structured factors V = A ⊗ φ (A: C×r, φ ∈ ℝᵈ, V: D×r, D = C·d) that
 * never form V or a D×D matrix per item.
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

    /** Index of the pair (a, b), a ≤ b &lt; n, in the row-by-row upper triangle: (0,0), (0,1), …, (0,n−1), (1,1), … */
    public static int packedIndex(int a, int b, int n) {
        return a * n - a * (a - 1) / 2 + (b - a);
    }

    /** n(n+1)/2, the length of a packed upper triangle. */
    public static int packedLength(int n) {
        return n * (n + 1) / 2;
    }

    /**
     * The coefficients of the C(C+1)/2 quadratic forms Q[a,b] = φᵀ G_ab φ (G_ab the d×d block
     * (a, b) of the symmetric D×D matrix G, a ≤ b) in the d(d+1)/2 monomials ψ_(k,l) = φ_k φ_l,
     * k ≤ l: a row-major d(d+1)/2 × C(C+1)/2 matrix with
     * coef[(k,l), (a,b)] = G[a·d+k, b·d+k] for k = l and G[a·d+k, b·d+l] + G[a·d+l, b·d+k] for k &lt; l
     * (pairs in {@link #packedIndex} order). Then Q[a,b] = Σ_(k,l) ψ_(k,l)·coef[(k,l), (a,b)]:
     * d(d+1)/2·C(C+1)/2 ≈ D²/4 multiply-adds per item instead of D² for
     * {@link #embeddingQuadraticForm}, and one dense matrix product for a block of items. Only the
     * block upper triangle of G is read (G is assumed symmetric).
     */
    public static double[] symmetricQuadraticCoefficients(DMatrixRMaj g, int d, int c) {
        int dd = c * d;
        if (g.numRows != dd || g.numCols != dd) {
            throw new IllegalArgumentException("expected a " + dd + "×" + dd + " matrix, got " + g.numRows + "×" + g.numCols);
        }
        int np = packedLength(c);
        double[] coef = new double[packedLength(d) * np];
        for (int k = 0; k < d; k++) {
            for (int l = k; l < d; l++) {
                int row = packedIndex(k, l, d) * np;
                for (int a = 0; a < c; a++) {
                    for (int b = a; b < c; b++) {
                        double v = g.get(a * d + k, b * d + l);
                        if (l != k) {
                            v += g.get(a * d + l, b * d + k);
                        }
                        coef[row + packedIndex(a, b, c)] = v;
                    }
                }
            }
        }
        return coef;
    }

    /**
     * Q = (I_C ⊗ φ)ᵀ G (I_C ⊗ φ) (C×C, written in full) from the coefficients of
     * {@link #symmetricQuadraticCoefficients}: packed[p] = Σ_(k,l) coef[(k,l), p]·(φ_k φ_l), summed
     * over the monomials (k,l) in packed order starting from 0 — the order of the lane version in
     * {@code PriorInverse}, so both give the same bits.
     *
     * @param packed scratch of C(C+1)/2 doubles at {@code packedOff}
     * @param q      out, C·C values at {@code qOff}
     */
    public static void packedQuadraticForm(double[] phi, int phiOff, int d, int c, double[] coef,
                                           double[] packed, int packedOff, double[] q, int qOff) {
        int np = packedLength(c);
        java.util.Arrays.fill(packed, packedOff, packedOff + np, 0.0);
        int row = 0;
        for (int k = 0; k < d; k++) {
            double fk = phi[phiOff + k];
            for (int l = k; l < d; l++) {
                double psi = fk * phi[phiOff + l];
                for (int p = 0; p < np; p++) {
                    packed[packedOff + p] = packed[packedOff + p] + coef[row + p] * psi;
                }
                row += np;
            }
        }
        unpackSymmetric(packed, packedOff, c, q, qOff);
    }

    /** q[a·c+b] = q[b·c+a] = packed[packedIndex(a, b)] for a ≤ b. */
    public static void unpackSymmetric(double[] packed, int packedOff, int c, double[] q, int qOff) {
        for (int a = 0; a < c; a++) {
            for (int b = a; b < c; b++) {
                double v = packed[packedOff + packedIndex(a, b, c)];
                q[qOff + a * c + b] = v;
                q[qOff + b * c + a] = v;
            }
        }
    }

    /**
     * The tail of {@link #project} on lanes (see {@code DenseKernels}): out[i·m+j] =
     * Σ_c A[c,i]·z[c·m+j] for the C×r factors at lanes {@code aOff} and z = φᵀ W̃ (C·m lanes at
     * {@code zOff}), with the operation sequence of {@link #project}.
     */
    public static void projectTailLanes(double[][] a, int aOff, int c, int r, double[][] z, int zOff, int m,
                                        double[][] out, int outOff, int t) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < m; j++) {
                io.fisherselect.math.linalg.DenseKernels.dot(a, aOff + i, r, z, zOff + j, m, c, t, out[outOff + i * m + j]);
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
