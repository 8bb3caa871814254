package io.fisherselect.math.inverse;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateTile;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.DenseKernels;
import io.fisherselect.math.linalg.SmallMatrixOps;
import java.io.Serializable;
import org.ejml.data.DMatrixRMaj;

/**
 * H⁻¹ as the candidates need it for their initial states Vᵢᵀ H⁻¹ Vᵢ: either isotropic
 * (H = λI, no labeled data: Vᵢᵀ H⁻¹ Vᵢ = AᵢᵀAᵢ‖φᵢ‖²/λ in O(d + C²r)) or dense. A dense H⁻¹ is
 * kept as the coefficients of {@link KroneckerOps#symmetricQuadraticCoefficients}: the C(C+1)/2
 * forms Q[a,b] = φᵀ(H⁻¹)_ab φ in the d(d+1)/2 monomials φ_kφ_l, so that Q costs ≈ D²/4
 * multiply-adds per candidate and, for a block, one dense product (monomials of a tile of rows) ×
 * (coefficients); then Vᵀ H⁻¹ V = Aᵀ Q A.
 *
 * <p>{@link #quadraticForm} (one row) and {@link #quadraticForms} (rows of a block, in tiles)
 * perform the same operations in the same order for every candidate and give identical bits.
 */
public final class PriorInverse implements Serializable {
    private static final long serialVersionUID = 2L;
    /** monomials per dense product in {@link #quadraticForms} (bounds the monomial lanes) */
    private static final int PANEL = 256;

    /** 1/λ when isotropic */
    private final double isotropicScale;
    /** d(d+1)/2 × C(C+1)/2 quadratic-form coefficients of H⁻¹, or null when isotropic */
    private final double[] coefficients;
    private final int c;
    private final int d;

    private PriorInverse(double isotropicScale, double[] coefficients, int d, int c) {
        this.isotropicScale = isotropicScale;
        this.coefficients = coefficients;
        this.d = d;
        this.c = c;
    }

    /** H = λI. */
    public static PriorInverse isotropic(double lambda, int d, int c) {
        return new PriorInverse(1.0 / lambda, null, d, c);
    }

    /** A dense, symmetric H⁻¹ (D×D, D = C·d). */
    public static PriorInverse dense(DMatrixRMaj hInverse, int d, int c) {
        return new PriorInverse(Double.NaN, KroneckerOps.symmetricQuadraticCoefficients(hInverse, d, c), d, c);
    }

    public boolean isIsotropic() {
        return coefficients == null;
    }

    /** scratch doubles {@link #quadraticForm} needs for factors with r ≤ C columns */
    public int scratchSize() {
        return c * c + c * c + (isIsotropic() ? 0 : KroneckerOps.packedLength(c));
    }

    /** out[outOff..] = Vᵀ H⁻¹ V (r×r) for V = A ⊗ φ of {@code row}. */
    public void quadraticForm(CandidateBlock b, int row, double[] out, int outOff, double[] scratch) {
        int cc = c * c;
        int tmpOff = cc;
        int po = b.phiOffset(row);
        if (isIsotropic()) {
            double n2 = 0;
            for (int k = 0; k < d; k++) {
                n2 += b.phi[po + k] * b.phi[po + k];
            }
            java.util.Arrays.fill(scratch, 0, cc, 0.0);
            for (int i = 0; i < c; i++) {
                scratch[i * c + i] = n2 * isotropicScale;
            }
        } else {
            KroneckerOps.packedQuadraticForm(b.phi, po, d, c, coefficients, scratch, 2 * cc, scratch, 0);
        }
        SmallMatrixOps.congruence(b.factor, b.factorOffset(row), c, b.r, scratch, 0, scratch, tmpOff, out, outOff);
    }

    /**
     * {@link #quadraticForm} for rows [from, to) of the block, row from + i's r×r result at
     * {@code out[outOff + i·stride ..]}: tiles of rows in lane layout, the dense case as one
     * matrix product per tile and panel of monomials. Same bits as {@link #quadraticForm}.
     */
    public void quadraticForms(CandidateBlock b, int from, int to, double[] out, int outOff, int stride) {
        if (to <= from) {
            return;
        }
        int r = b.r;
        CandidateTile tile = new CandidateTile(b, to - from);
        int cap = tile.capacity;
        int np = KroneckerOps.packedLength(c);
        double[][] packed = DenseKernels.lanes(isIsotropic() ? 1 : np, cap);
        double[][] q = new double[c * c][];
        double[] zeros = new double[cap];
        if (isIsotropic()) {
            for (int i = 0; i < c * c; i++) {
                q[i] = zeros;
            }
            for (int i = 0; i < c; i++) {
                q[i * c + i] = packed[0];
            }
        } else {
            for (int a = 0; a < c; a++) {
                for (int bb = a; bb < c; bb++) {
                    q[a * c + bb] = packed[KroneckerOps.packedIndex(a, bb, c)];
                    q[bb * c + a] = q[a * c + bb];
                }
            }
        }
        double[][] psi = isIsotropic() ? null : DenseKernels.lanes(Math.min(PANEL, KroneckerOps.packedLength(d)), cap);
        double[][] tmp = DenseKernels.lanes(c * r, cap);
        double[][] s = DenseKernels.lanes(r * r, cap);
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            tile.load(b, f, t);
            double[][] phi = tile.phi;
            if (isIsotropic()) {
                double[] n2 = packed[0];
                java.util.Arrays.fill(n2, 0, t, 0.0);
                for (int k = 0; k < d; k++) {
                    double[] x = phi[k];
                    for (int l = 0; l < t; l++) {
                        n2[l] = n2[l] + x[l] * x[l];
                    }
                }
                for (int l = 0; l < t; l++) {
                    n2[l] = n2[l] * isotropicScale;
                }
            } else {
                DenseKernels.zero(packed, 0, np, t);
                int done = 0;
                int fill = 0;
                for (int k = 0; k < d; k++) {
                    double[] xk = phi[k];
                    for (int ll = k; ll < d; ll++) {
                        double[] xl = phi[ll];
                        double[] y = psi[fill];
                        for (int l = 0; l < t; l++) {
                            y[l] = xk[l] * xl[l];
                        }
                        if (++fill == psi.length) {
                            DenseKernels.multiplyAdd(coefficients, done * np, np, fill, np, psi, 0, t, packed, 0);
                            done += fill;
                            fill = 0;
                        }
                    }
                }
                if (fill > 0) {
                    DenseKernels.multiplyAdd(coefficients, done * np, np, fill, np, psi, 0, t, packed, 0);
                }
            }
            SmallMatrixOps.congruenceLanes(tile.factor, 0, c, r, q, 0, tmp, 0, s, 0, t);
            DenseKernels.fromLanes(s, 0, r * r, t, out, outOff + (f - from) * stride, stride);
        }
    }
}
