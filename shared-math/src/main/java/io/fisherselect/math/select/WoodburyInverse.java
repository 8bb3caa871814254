package io.fisherselect.math.select;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.SmallMatrixOps;
import io.fisherselect.math.linalg.SpdOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * M⁻¹ kept on the driver while low-rank terms are added to M: after M ← M + V Vᵀ,
 * M⁻¹ ← M⁻¹ − W Wᵀ with W = M⁻¹V L, L Lᵀ = (I + Vᵀ M⁻¹ V)⁻¹ (Woodbury). W is what the
 * candidates need to update their states, so it is returned in the projection layout.
 */
public final class WoodburyInverse {
    private final DMatrixRMaj inverse;
    private final int d;
    private final int c;

    public WoodburyInverse(DMatrixRMaj inverse, int d, int c) {
        this.inverse = inverse;
        this.d = d;
        this.c = c;
    }

    /** (λI)⁻¹. */
    public static WoodburyInverse isotropic(double lambda, int d, int c) {
        DMatrixRMaj m = new DMatrixRMaj(c * d, c * d);
        for (int i = 0; i < c * d; i++) {
            m.unsafe_set(i, i, 1.0 / lambda);
        }
        return new WoodburyInverse(m, d, c);
    }

    public DMatrixRMaj inverse() {
        return inverse;
    }

    /**
     * Adds V Vᵀ (V = A ⊗ φ, A: C×r) to M and returns W (D×r) with M⁻¹_new = M⁻¹ − W Wᵀ.
     */
    public DMatrixRMaj addFactor(double[] phi, double[] a, int r) {
        return update(phi, a, r, 1.0);
    }

    /**
     * Removes V Vᵀ (V = A ⊗ φ, A: C×r) from M (BAIT's backward pruning) and returns W (D×r) with
     * M⁻¹_new = M⁻¹ + W Wᵀ: W = M⁻¹V L, L Lᵀ = (I − Vᵀ M⁻¹ V)⁻¹, which is positive definite as
     * long as M − V Vᵀ is.
     */
    public DMatrixRMaj removeFactor(double[] phi, double[] a, int r) {
        return update(phi, a, r, -1.0);
    }

    /** M ← M + sign·V Vᵀ; returns W with M⁻¹_new = M⁻¹ − sign·W Wᵀ. */
    private DMatrixRMaj update(double[] phi, double[] a, int r, double sign) {
        DMatrixRMaj v = KroneckerOps.denseFactor(phi, 0, d, a, 0, c, r);
        DMatrixRMaj u = new DMatrixRMaj(c * d, r);
        CommonOps_DDRM.mult(inverse, v, u);
        DMatrixRMaj s = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(v, u, s);
        CommonOps_DDRM.scale(sign, s);
        for (int i = 0; i < r; i++) {
            s.add(i, i, 1.0);
        }
        // K = (I + sign·S)⁻¹ = L Lᵀ
        DMatrixRMaj k = SpdOps.invert(s, sign > 0 ? "I + VᵀM⁻¹V" : "I − VᵀM⁻¹V");
        double[] l = k.data.clone();
        if (!SmallMatrixOps.choleskyInPlace(l, 0, r)) {
            throw new ArithmeticException("(I " + (sign > 0 ? "+" : "−") + " VᵀM⁻¹V)⁻¹ is not positive definite");
        }
        DMatrixRMaj lower = new DMatrixRMaj(r, r);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j <= i; j++) {
                lower.unsafe_set(i, j, l[i * r + j]);
            }
        }
        DMatrixRMaj w = new DMatrixRMaj(c * d, r);
        CommonOps_DDRM.mult(u, lower, w);
        CommonOps_DDRM.multAddTransB(-sign, w, w, inverse);
        SpdOps.symmetrize(inverse);
        return w;
    }

    public int d() {
        return d;
    }

    public int c() {
        return c;
    }
}
