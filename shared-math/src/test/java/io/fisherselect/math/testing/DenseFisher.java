package io.fisherselect.math.testing;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Obviously-correct dense formulas of the paper, written straight from the definitions with
 * D×D matrices and explicit Kronecker products. Slow; only for tests. Parameter layout as in
 * KroneckerOps: index (c, k) ↦ c·d + k, so a Kronecker product A ⊗ B is the usual one.
 */
public final class DenseFisher {
    private DenseFisher() {
    }

    /** The Kronecker product A ⊗ B. */
    public static DMatrixRMaj kron(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows * b.numRows, a.numCols * b.numCols);
        CommonOps_DDRM.kron(a, b, out);
        return out;
    }

    public static DMatrixRMaj column(double[] v) {
        return new DMatrixRMaj(v.length, 1, true, v.clone());
    }

    /** diag π − ππᵀ: the softmax Hessian in the logits. */
    public static DMatrixRMaj softmaxHessian(double[] p) {
        int c = p.length;
        DMatrixRMaj b = new DMatrixRMaj(c, c);
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                b.set(i, j, (i == j ? p[i] : 0.0) - p[i] * p[j]);
            }
        }
        return b;
    }

    /** Fᵢ = (diag π − ππᵀ) ⊗ φφᵀ, docs/math.md §1. */
    public static DMatrixRMaj softmaxFisher(double[] phi, double[] p) {
        DMatrixRMaj pp = new DMatrixRMaj(phi.length, phi.length);
        CommonOps_DDRM.multTransB(column(phi), column(phi), pp);
        return kron(softmaxHessian(p), pp);
    }

    /** g = (π − e_y) ⊗ φ. */
    public static double[] gradient(double[] phi, double[] p, int y) {
        double[] q = p.clone();
        q[y] -= 1.0;
        DMatrixRMaj g = kron(column(q), column(phi));
        return g.data;
    }

    public static DMatrixRMaj identity(int n, double scale) {
        DMatrixRMaj m = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.scale(scale, m);
        return m;
    }

    public static DMatrixRMaj inverse(DMatrixRMaj a) {
        DMatrixRMaj inv = a.copy();
        if (!CommonOps_DDRM.invert(inv)) {
            throw new ArithmeticException("singular");
        }
        return inv;
    }

    /** log det via LU (not Cholesky, so that the oracle does not share the code under test). */
    public static double logDet(DMatrixRMaj a) {
        return Math.log(CommonOps_DDRM.det(a));
    }

    public static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, out);
        return out;
    }

    public static DMatrixRMaj plus(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = a.copy();
        CommonOps_DDRM.addEquals(out, b);
        return out;
    }

    public static double trace(DMatrixRMaj a) {
        return CommonOps_DDRM.trace(a);
    }
}
