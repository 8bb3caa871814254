package io.fisherselect.math.linalg;

/**
 * Operations on small dense row-major matrices stored in {@code double[]} (the r×r per-candidate
 * states of the greedy selectors, r ≤ C). They allocate nothing: callers pass scratch arrays, so
 * the per-candidate loops of a pick stay allocation-free. Large (D×D) matrices use EJML instead
 * ({@link SpdOps}).
 */
public final class SmallMatrixOps {
    private SmallMatrixOps() {
    }

    /**
     * In-place Cholesky factorisation of the symmetric n×n matrix at {@code a[off..]}: on return the
     * lower triangle holds L with A = L Lᵀ (the upper triangle is left as it was).
     *
     * @return false when a pivot is not positive (A is not positive definite)
     */
    public static boolean choleskyInPlace(double[] a, int off, int n) {
        for (int j = 0; j < n; j++) {
            double s = a[off + j * n + j];
            for (int k = 0; k < j; k++) {
                double l = a[off + j * n + k];
                s -= l * l;
            }
            if (!(s > 0)) {
                return false;
            }
            double ljj = Math.sqrt(s);
            a[off + j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double t = a[off + i * n + j];
                for (int k = 0; k < j; k++) {
                    t -= a[off + i * n + k] * a[off + j * n + k];
                }
                a[off + i * n + j] = t / ljj;
            }
        }
        return true;
    }

    /** log det(I + S) for the symmetric positive semi-definite n×n S at {@code s[off..]}. */
    public static double logDetIdentityPlus(double[] s, int off, int n, double[] scratch) {
        for (int i = 0; i < n * n; i++) {
            scratch[i] = s[off + i];
        }
        for (int i = 0; i < n; i++) {
            scratch[i * n + i] += 1.0;
        }
        if (!choleskyInPlace(scratch, 0, n)) {
            return Double.NaN;
        }
        return logDetFromCholesky(scratch, 0, n);
    }

    /** log det A = 2 Σ log L_jj for A = L Lᵀ held in the lower triangle at {@code l[off..]}. */
    public static double logDetFromCholesky(double[] l, int off, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += Math.log(l[off + j * n + j]);
        }
        return 2 * s;
    }

    /** Trace of the n×n matrix at {@code a[off..]}. */
    public static double trace(double[] a, int off, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += a[off + i * n + i];
        }
        return t;
    }

    /** s ← s − P Pᵀ for the n×n s at {@code s[off..]} and the n×m P at {@code p[pOff..]}. */
    public static void subtractOuter(double[] s, int off, int n, double[] p, int pOff, int m) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double t = 0;
                for (int c = 0; c < m; c++) {
                    t += p[pOff + i * m + c] * p[pOff + j * m + c];
                }
                s[off + i * n + j] -= t;
                if (j != i) {
                    s[off + j * n + i] -= t;
                }
            }
        }
    }

    /** out = Aᵀ Q A for the C×r A and the C×C Q, out r×r (symmetric when Q is); tmp holds C·r. */
    public static void congruence(double[] a, int aOff, int c, int r, double[] q, int qOff,
                                  double[] tmp, int tmpOff, double[] out, int outOff) {
        // tmp = Q A (C×r)
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < r; j++) {
                double t = 0;
                for (int k = 0; k < c; k++) {
                    t += q[qOff + i * c + k] * a[aOff + k * r + j];
                }
                tmp[tmpOff + i * r + j] = t;
            }
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double t = 0;
                for (int k = 0; k < c; k++) {
                    t += a[aOff + k * r + i] * tmp[tmpOff + k * r + j];
                }
                out[outOff + i * r + j] = t;
            }
        }
    }

    /**
     * tr((I + sign·S)⁻¹ T) for the symmetric n×n S at {@code s[sOff..]} and the n×n T at
     * {@code t[tOff..]}, by a Cholesky solve (sign +1: the Woodbury trace of adding a factor, −1: of
     * removing one). Needs 2n² scratch.
     *
     * @return NaN when I + sign·S is not positive definite
     */
    public static double traceSolveIdentityPlus(double sign, double[] s, int sOff, double[] t, int tOff, int n,
                                                double[] scratch) {
        int nn = n * n;
        for (int i = 0; i < nn; i++) {
            scratch[i] = sign * s[sOff + i];
            scratch[nn + i] = t[tOff + i];
        }
        for (int i = 0; i < n; i++) {
            scratch[i * n + i] += 1.0;
        }
        if (!choleskyInPlace(scratch, 0, n)) {
            return Double.NaN;
        }
        // X = L⁻ᵀ L⁻¹ T, column by column, in place of T
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < n; i++) {
                double v = scratch[nn + i * n + col];
                for (int k = 0; k < i; k++) {
                    v -= scratch[i * n + k] * scratch[nn + k * n + col];
                }
                scratch[nn + i * n + col] = v / scratch[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double v = scratch[nn + i * n + col];
                for (int k = i + 1; k < n; k++) {
                    v -= scratch[k * n + i] * scratch[nn + k * n + col];
                }
                scratch[nn + i * n + col] = v / scratch[i * n + i];
            }
        }
        return trace(scratch, nn, n);
    }

    /** s ← s + alpha·P Pᵀ for the n×n s at {@code s[off..]} and the n×m P at {@code p[pOff..]}. */
    public static void addOuter(double[] s, int off, int n, double alpha, double[] p, int pOff, int m) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double t = 0;
                for (int c = 0; c < m; c++) {
                    t += p[pOff + i * m + c] * p[pOff + j * m + c];
                }
                t *= alpha;
                s[off + i * n + j] += t;
                if (j != i) {
                    s[off + j * n + i] += t;
                }
            }
        }
    }

    /**
     * s ← s + alpha·(P Qᵀ + Q Pᵀ) for the n×n s at {@code s[off..]} and the n×m P, Q at
     * {@code p[pOff..]}, {@code q[qOff..]} (a symmetric rank-2m update).
     */
    public static void addSymmetricProduct(double[] s, int off, int n, double alpha, double[] p, int pOff,
                                           double[] q, int qOff, int m) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double t = 0;
                for (int c = 0; c < m; c++) {
                    t += p[pOff + i * m + c] * q[qOff + j * m + c] + q[qOff + i * m + c] * p[pOff + j * m + c];
                }
                t *= alpha;
                s[off + i * n + j] += t;
                if (j != i) {
                    s[off + j * n + i] += t;
                }
            }
        }
    }

    /**
     * s ← s + P R Pᵀ for the n×n s at {@code s[off..]}, the n×m P at {@code p[pOff..]} and the
     * symmetric m×m R at {@code rm[rOff..]}; tmp holds n·m.
     */
    public static void addCongruence(double[] s, int off, int n, double[] p, int pOff, int m,
                                     double[] rm, int rOff, double[] tmp, int tmpOff) {
        // tmp = P R (n×m)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double t = 0;
                for (int k = 0; k < m; k++) {
                    t += p[pOff + i * m + k] * rm[rOff + k * m + j];
                }
                tmp[tmpOff + i * m + j] = t;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double t = 0;
                for (int k = 0; k < m; k++) {
                    t += tmp[tmpOff + i * m + k] * p[pOff + j * m + k];
                }
                s[off + i * n + j] += t;
                if (j != i) {
                    s[off + j * n + i] += t;
                }
            }
        }
    }

    /** a[off .. off+len) ← alpha·a. */
    public static void scale(double[] a, int off, int len, double alpha) {
        for (int i = 0; i < len; i++) {
            a[off + i] *= alpha;
        }
    }

    // ---- lane versions: the same operations on a tile of candidates in the lane layout of
    // DenseKernels (matrix element e of candidate i is x[off + e][i]). Each lane goes through
    // exactly the sequence of IEEE operations of the scalar method named, so a candidate's result
    // does not depend on the tile it is computed in.

    /**
     * {@link #subtractOuter} on lanes: s ← s − P Pᵀ (n×n s at lanes {@code sOff}, n×m P at lanes
     * {@code pOff}); tmp holds t doubles.
     */
    public static void subtractOuterLanes(double[][] s, int sOff, int n, double[][] p, int pOff, int m, int t,
                                          double[] tmp) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                rowDot(p, pOff + i * m, p, pOff + j * m, m, t, tmp);
                double[] sij = s[sOff + i * n + j];
                for (int l = 0; l < t; l++) {
                    sij[l] = sij[l] - tmp[l];
                }
                if (j != i) {
                    double[] sji = s[sOff + j * n + i];
                    for (int l = 0; l < t; l++) {
                        sji[l] = sji[l] - tmp[l];
                    }
                }
            }
        }
    }

    /** {@link #addOuter} on lanes: s ← s + alpha·P Pᵀ; tmp holds t doubles. */
    public static void addOuterLanes(double[][] s, int sOff, int n, double alpha, double[][] p, int pOff, int m, int t,
                                     double[] tmp) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                rowDot(p, pOff + i * m, p, pOff + j * m, m, t, tmp);
                for (int l = 0; l < t; l++) {
                    tmp[l] = tmp[l] * alpha;
                }
                addTo(s[sOff + i * n + j], tmp, t);
                if (j != i) {
                    addTo(s[sOff + j * n + i], tmp, t);
                }
            }
        }
    }

    /**
     * {@link #addSymmetricProduct} on lanes: s ← s + alpha·(P Qᵀ + Q Pᵀ); tmp holds t doubles.
     */
    public static void addSymmetricProductLanes(double[][] s, int sOff, int n, double alpha, double[][] p, int pOff,
                                                double[][] q, int qOff, int m, int t, double[] tmp) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                java.util.Arrays.fill(tmp, 0, t, 0.0);
                for (int c = 0; c < m; c++) {
                    double[] pi = p[pOff + i * m + c];
                    double[] qj = q[qOff + j * m + c];
                    double[] qi = q[qOff + i * m + c];
                    double[] pj = p[pOff + j * m + c];
                    for (int l = 0; l < t; l++) {
                        tmp[l] = tmp[l] + (pi[l] * qj[l] + qi[l] * pj[l]);
                    }
                }
                for (int l = 0; l < t; l++) {
                    tmp[l] = tmp[l] * alpha;
                }
                addTo(s[sOff + i * n + j], tmp, t);
                if (j != i) {
                    addTo(s[sOff + j * n + i], tmp, t);
                }
            }
        }
    }

    /**
     * {@link #addCongruence} on lanes: s ← s + P R Pᵀ with the symmetric m×m R (scalars, the same
     * for every lane) at {@code rm[rOff..]}; pr holds n·m lanes (from lane {@code prOff}) and tmp t
     * doubles.
     */
    public static void addCongruenceLanes(double[][] s, int sOff, int n, double[][] p, int pOff, int m,
                                          double[] rm, int rOff, double[][] pr, int prOff, int t, double[] tmp) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double[] out = pr[prOff + i * m + j];
                java.util.Arrays.fill(out, 0, t, 0.0);
                for (int k = 0; k < m; k++) {
                    double f = rm[rOff + k * m + j];
                    double[] pik = p[pOff + i * m + k];
                    for (int l = 0; l < t; l++) {
                        out[l] = out[l] + pik[l] * f;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                rowDot(pr, prOff + i * m, p, pOff + j * m, m, t, tmp);
                addTo(s[sOff + i * n + j], tmp, t);
                if (j != i) {
                    addTo(s[sOff + j * n + i], tmp, t);
                }
            }
        }
    }

    /**
     * {@link #congruence} on lanes: out = Aᵀ Q A for the C×r A at lanes {@code aOff} and the C×C Q
     * at lanes {@code qOff} (lanes may be shared, e.g. Q[i][j] and Q[j][i]); tmp holds C·r lanes.
     */
    public static void congruenceLanes(double[][] a, int aOff, int c, int r, double[][] q, int qOff,
                                       double[][] tmp, int tmpOff, double[][] out, int outOff, int t) {
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < r; j++) {
                double[] acc = tmp[tmpOff + i * r + j];
                java.util.Arrays.fill(acc, 0, t, 0.0);
                for (int k = 0; k < c; k++) {
                    double[] qik = q[qOff + i * c + k];
                    double[] akj = a[aOff + k * r + j];
                    for (int l = 0; l < t; l++) {
                        acc[l] = acc[l] + qik[l] * akj[l];
                    }
                }
            }
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double[] acc = out[outOff + i * r + j];
                java.util.Arrays.fill(acc, 0, t, 0.0);
                for (int k = 0; k < c; k++) {
                    double[] aki = a[aOff + k * r + i];
                    double[] tkj = tmp[tmpOff + k * r + j];
                    for (int l = 0; l < t; l++) {
                        acc[l] = acc[l] + aki[l] * tkj[l];
                    }
                }
            }
        }
    }

    /**
     * {@link #logDetIdentityPlus} on lanes: out[l] = log det(I + S) of lane l, or NaN when I + S is
     * not positive definite, with the operations (Cholesky, then 2 Σ log L_jj) of the scalar
     * method. {@code a} holds S in n·n lanes from lane 0 — at least its lower triangle — and is
     * overwritten.
     */
    public static void logDetIdentityPlusLanes(double[][] a, int n, int t, double[] out) {
        choleskyOfIdentityPlusLanes(a, n, t, out);
        for (int l = 0; l < t; l++) {
            if (out[l] != 0.0) {
                out[l] = Double.NaN;
                continue;
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.log(a[j * n + j][l]);
            }
            out[l] = 2 * s;
        }
    }

    /**
     * {@link #traceSolveIdentityPlus} on lanes: out[l] = tr((I + sign·S)⁻¹ T) of lane l, or NaN
     * when I + sign·S is not positive definite, with the operations of the scalar method in the
     * same order for every lane (its Cholesky, forward substitution and back substitution, then the
     * trace summed from 0 along the diagonal), so each lane's bits are those of the scalar method.
     * The back substitution of column j stops at row j: the rows above it do not reach the trace
     * (row i of a back substitution reads only rows below i).
     *
     * @param s       S in n·n lanes from {@code sOff} (row-major, symmetric)
     * @param tLanes  T in n·n lanes from {@code tOff}
     * @param scratch 2·n·n lanes of at least t doubles (overwritten)
     * @param t       lanes
     */
    public static void traceSolveIdentityPlusLanes(double sign, double[][] s, int sOff, double[][] tLanes, int tOff,
                                                   int n, double[][] scratch, int t, double[] out) {
        int nn = n * n;
        for (int e = 0; e < nn; e++) {
            double[] se = s[sOff + e];
            double[] a = scratch[e];
            System.arraycopy(tLanes[tOff + e], 0, scratch[nn + e], 0, t);
            for (int l = 0; l < t; l++) {
                a[l] = sign * se[l];
            }
        }
        // out[l] = 1 marks a lane whose factorisation failed (the scalar method returns NaN there)
        choleskyOfIdentityPlusLanes(scratch, n, t, out);
        // X = L⁻ᵀ L⁻¹ T column by column, in place of T (the diagonal of X is all the trace needs)
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < n; i++) {
                double[] v = scratch[nn + i * n + col];
                for (int k = 0; k < i; k++) {
                    double[] lik = scratch[i * n + k];
                    double[] xk = scratch[nn + k * n + col];
                    for (int l = 0; l < t; l++) {
                        v[l] = v[l] - lik[l] * xk[l];
                    }
                }
                double[] lii = scratch[i * n + i];
                for (int l = 0; l < t; l++) {
                    v[l] = v[l] / lii[l];
                }
            }
            for (int i = n - 1; i >= col; i--) {
                double[] v = scratch[nn + i * n + col];
                for (int k = i + 1; k < n; k++) {
                    double[] lki = scratch[k * n + i];
                    double[] xk = scratch[nn + k * n + col];
                    for (int l = 0; l < t; l++) {
                        v[l] = v[l] - lki[l] * xk[l];
                    }
                }
                double[] lii = scratch[i * n + i];
                for (int l = 0; l < t; l++) {
                    v[l] = v[l] / lii[l];
                }
            }
        }
        for (int l = 0; l < t; l++) {
            if (out[l] != 0.0) {
                out[l] = Double.NaN;
                continue;
            }
            double tr = 0;
            for (int i = 0; i < n; i++) {
                tr += scratch[nn + i * n + i][l];
            }
            out[l] = tr;
        }
    }

    /**
     * The Cholesky factor of I + A on lanes, in place of A (n·n lanes from lane 0, lower triangle
     * read and written), with the operations of {@link #choleskyInPlace} on I + A in every lane;
     * failed[l] = 1 marks a lane whose factorisation failed (a pivot not positive), 0 the others.
     */
    private static void choleskyOfIdentityPlusLanes(double[][] a, int n, int t, double[] failed) {
        java.util.Arrays.fill(failed, 0, t, 0.0);
        for (int i = 0; i < n; i++) {
            double[] aii = a[i * n + i];
            for (int l = 0; l < t; l++) {
                aii[l] = aii[l] + 1.0;
            }
        }
        // failed[l] = 1 marks a lane whose factorisation failed (the scalar method returns NaN there)
        for (int j = 0; j < n; j++) {
            double[] ajj = a[j * n + j];
            for (int k = 0; k < j; k++) {
                double[] ajk = a[j * n + k];
                for (int l = 0; l < t; l++) {
                    ajj[l] = ajj[l] - ajk[l] * ajk[l];
                }
            }
            for (int l = 0; l < t; l++) {
                if (!(ajj[l] > 0)) {
                    failed[l] = 1.0;
                }
            }
            for (int l = 0; l < t; l++) {
                ajj[l] = Math.sqrt(ajj[l]);
            }
            for (int i = j + 1; i < n; i++) {
                double[] aij = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    double[] aik = a[i * n + k];
                    double[] ajk = a[j * n + k];
                    for (int l = 0; l < t; l++) {
                        aij[l] = aij[l] - aik[l] * ajk[l];
                    }
                }
                for (int l = 0; l < t; l++) {
                    aij[l] = aij[l] / ajj[l];
                }
            }
        }
    }

    /** {@link #scale} on lanes: lanes [off, off+len) ← alpha·lanes. */
    public static void scaleLanes(double[][] a, int off, int len, double alpha, int t) {
        for (int e = 0; e < len; e++) {
            double[] x = a[off + e];
            for (int l = 0; l < t; l++) {
                x[l] = x[l] * alpha;
            }
        }
    }

    /** tmp = Σ_c x[xOff + c] ⊙ y[yOff + c] over c &lt; m, accumulated from 0 in c order. */
    private static void rowDot(double[][] x, int xOff, double[][] y, int yOff, int m, int t, double[] tmp) {
        DenseKernels.dot(x, xOff, 1, y, yOff, 1, m, t, tmp);
    }

    private static void addTo(double[] s, double[] tmp, int t) {
        for (int l = 0; l < t; l++) {
            s[l] = s[l] + tmp[l];
        }
    }
}
