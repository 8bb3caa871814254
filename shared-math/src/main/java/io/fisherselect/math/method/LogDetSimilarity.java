package io.fisherselect.math.method;

import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.GreedyDriver;

/**
 * {@code logdet} (LogDet of SIMILAR / PRISM): greedy maximisation of log det(S_B + λI) with
 * S_ij = ⟨hᵢ, hⱼ⟩ on hard-pseudo-label gradient embeddings gᵢ = (πᵢ − e_ŷ) ⊗ φᵢ
 * ({@link Kernel}: hᵢ = gᵢ, or gᵢ/‖gᵢ‖ for cosine). Paper eq. (76) with the λ of Prop. 6.2; the
 * gain at a pick is the increase of log det (no ½).
 *
 * <p>Weight space (Prop. 6.1, matrix determinant lemma):
 * log det(λI_k + GᵀG) = log det(λI_D + GGᵀ) − (D − k) log λ, so adding item i raises the
 * objective by log λ + log(1 + hᵢᵀM_B⁻¹hᵢ), M_B = λI + Σ_B h hᵀ: the form of
 * {@link LogDetObjective} with r = 1, M₀ = λI, scale 1, offset log λ, here run by
 * {@link LogDetInformationObjective} (which also applies the cosine scale per item) with no
 * reference set.
 *
 * <p>Candidates must be built with {@code FactorSpec.Kind.PSEUDO_LABEL_GRADIENT} (r = 1).
 */
public final class LogDetSimilarity {
    private LogDetSimilarity() {
    }

    /** Uses {@code p.lambda()} as λ. */
    public static GreedyDriver driver(SelectionParams p, Kernel kernel, int d, int c) {
        return new LogDetInformationDriver(kernel, p.lambda(), d, c, LogDetReferenceSet.empty(p.lambda(), d, c), false);
    }
}
