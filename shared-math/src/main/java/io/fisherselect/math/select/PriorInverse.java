package io.fisherselect.math.select;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.SmallMatrixOps;
import java.io.Serializable;
import org.ejml.data.DMatrixRMaj;

/**
 * H⁻¹ as the candidates need it for their initial states Vᵢᵀ H⁻¹ Vᵢ: either isotropic
 * (H = λI, no labeled data: Vᵢᵀ H⁻¹ Vᵢ = AᵢᵀAᵢ‖φᵢ‖²/λ in O(d + C²r)) or dense, in the projection
 * layout of {@link KroneckerOps} (O(D²) per candidate through (I⊗φ)ᵀ H⁻¹ (I⊗φ)).
 */
public final class PriorInverse implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 1/λ when isotropic */
    private final double isotropicScale;
    /** H⁻¹ in projection layout, or null when isotropic */
    private final double[] layout;
    private final int c;
    private final int d;

    private PriorInverse(double isotropicScale, double[] layout, int d, int c) {
        this.isotropicScale = isotropicScale;
        this.layout = layout;
        this.d = d;
        this.c = c;
    }

    /** H = λI. */
    public static PriorInverse isotropic(double lambda, int d, int c) {
        return new PriorInverse(1.0 / lambda, null, d, c);
    }

    /** A dense H⁻¹ (D×D, D = C·d). */
    public static PriorInverse dense(DMatrixRMaj hInverse, int d, int c) {
        return new PriorInverse(Double.NaN, KroneckerOps.projectionLayout(hInverse, d, c), d, c);
    }

    public boolean isIsotropic() {
        return layout == null;
    }

    /** scratch doubles {@link #quadraticForm} needs for factors with r ≤ C columns */
    public int scratchSize() {
        return c * c + c * c + (isIsotropic() ? 0 : c * c * d);
    }

    /** out[outOff..] = Vᵀ H⁻¹ V (r×r) for V = A ⊗ φ of {@code row}. */
    public void quadraticForm(CandidateBlock b, int row, double[] out, int outOff, double[] scratch) {
        int cc = c * c;
        int tmpOff = cc;
        if (isIsotropic()) {
            double n2 = 0;
            int po = b.phiOffset(row);
            for (int k = 0; k < d; k++) {
                n2 += b.phi[po + k] * b.phi[po + k];
            }
            java.util.Arrays.fill(scratch, 0, cc, 0.0);
            for (int i = 0; i < c; i++) {
                scratch[i * c + i] = n2 * isotropicScale;
            }
        } else {
            KroneckerOps.embeddingQuadraticForm(b.phi, b.phiOffset(row), d, c, layout, scratch, 2 * cc, scratch, 0);
        }
        SmallMatrixOps.congruence(b.factor, b.factorOffset(row), c, b.r, scratch, 0, scratch, tmpOff, out, outOff);
    }
}
