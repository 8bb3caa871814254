package io.fisherselect.math.fisher;

/**
 * Norms and distances of rank-one gradient embeddings g = q ⊗ φ (q = π − e_y ∈ ℝᶜ, φ ∈ ℝᵈ)
 * without forming the C·d vectors (‖gᵢ‖² = ‖qᵢ‖²‖φᵢ‖², ⟨gᵢ,gⱼ⟩ = ⟨qᵢ,qⱼ⟩⟨φᵢ,φⱼ⟩):
 * ‖gᵢ − gⱼ‖² = ‖qᵢ‖²‖φᵢ‖² + ‖qⱼ‖²‖φⱼ‖² − 2⟨qᵢ,qⱼ⟩⟨φᵢ,φⱼ⟩, O(C + d).
 *
 * <p>Exactness for coinciding embeddings: every norm and inner product goes through the same
 * {@link #dot} loop, so when gⱼ is bit-for-bit gᵢ the three terms are bit-identical and the
 * distance is exactly 0 (not a rounding residue). Negative residues of near-coinciding
 * embeddings are clamped to 0.
 */
public final class GradientDistance {
    private GradientDistance() {
    }

    /** Σ_k a[aOff+k]·b[bOff+k] over n values, in index order. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[aOff + k] * b[bOff + k];
        }
        return s;
    }

    /** ‖q ⊗ φ‖² = ‖q‖²‖φ‖². */
    public static double squaredNorm(double[] q, int qOff, int c, double[] phi, int phiOff, int d) {
        return dot(q, qOff, q, qOff, c) * dot(phi, phiOff, phi, phiOff, d);
    }

    /**
     * ‖qᵢ ⊗ φᵢ − qⱼ ⊗ φⱼ‖² from the two squared norms (from {@link #squaredNorm}) and the factors.
     */
    public static double squaredDistance(double[] qi, int qiOff, double[] phii, int phiiOff, double normI,
                                         double[] qj, int qjOff, double[] phij, int phijOff, double normJ,
                                         int c, int d) {
        double inner = dot(qi, qiOff, qj, qjOff, c) * dot(phii, phiiOff, phij, phijOff, d);
        double s = normI + normJ - 2 * inner;
        return s > 0 ? s : 0.0;
    }
}
