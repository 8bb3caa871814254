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
}
