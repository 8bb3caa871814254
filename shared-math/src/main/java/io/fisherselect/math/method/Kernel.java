package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;

/**
 * The similarity kernel of the LogDet family ({@code logdet}, {@code logdet-mi},
 * {@code logdet-cmi}) on gradient embeddings gᵢ = qᵢ ⊗ φᵢ (qᵢ = πᵢ − e_ŷ, the C×1 factor of a
 * {@link CandidateBlock} with r = 1). Both kernels are inner products ⟨hᵢ, hⱼ⟩ of vectors
 * hᵢ = κᵢ gᵢ in weight space, which is what lets the greedy work with D×D-free incremental
 * states (paper eq. (70), Prop. 6.1): only the per-item scale κᵢ differs.
 *
 * <ul>
 *   <li>{@link #DOT}: S_ij = ⟨gᵢ, gⱼ⟩ = ⟨qᵢ, qⱼ⟩⟨φᵢ, φⱼ⟩ (eq. (70)), κᵢ = 1.</li>
 *   <li>{@link #COSINE}: S_ij = ⟨gᵢ, gⱼ⟩ / (‖gᵢ‖‖gⱼ‖), κᵢ = 1/‖gᵢ‖ = 1/(‖qᵢ‖‖φᵢ‖).
 *       <b>Zero gradients:</b> an item with ‖gᵢ‖ = 0 (a one-hot π, or φ = 0) gets κᵢ = 0, i.e. its
 *       whole kernel row is 0, <i>including the diagonal</i> S_ii = 0. Such an item then adds
 *       exactly log λ to log det(S + λI) (the least any item can add) and nothing to the mutual
 *       informations. (submodlib's sparse cosine kernel does the same; its dense one sets
 *       S_ii = 1, which would make a zero-gradient item look maximally novel.)</li>
 * </ul>
 */
public enum Kernel {
    DOT,
    COSINE;

    /**
     * κ with hᵢ = κ · (q ⊗ φ): 1 for {@link #DOT}; 1/(‖q‖‖φ‖), or 0 when either norm is 0, for
     * {@link #COSINE}. O(C + d), allocation-free.
     */
    public double scale(double[] phi, int phiOff, int d, double[] q, int qOff, int c) {
        if (this == DOT) {
            return 1.0;
        }
        double pp = 0;
        for (int k = 0; k < d; k++) {
            pp += phi[phiOff + k] * phi[phiOff + k];
        }
        double qq = 0;
        for (int i = 0; i < c; i++) {
            qq += q[qOff + i] * q[qOff + i];
        }
        double norm = Math.sqrt(pp) * Math.sqrt(qq);
        return norm > 0 ? 1.0 / norm : 0.0;
    }

    /**
     * The dense vector h = κ · (q ⊗ φ) ∈ ℝᴰ (D = C·d, index (c,k) ↦ c·d + k), for the driver's
     * few dense vectors (picks, query and private items); never called per candidate.
     */
    public double[] vector(double[] phi, int phiOff, int d, double[] q, int qOff, int c) {
        double kappa = scale(phi, phiOff, d, q, qOff, c);
        double[] h = new double[c * d];
        for (int cls = 0; cls < c; cls++) {
            double a = kappa * q[qOff + cls];
            for (int k = 0; k < d; k++) {
                h[cls * d + k] = a * phi[phiOff + k];
            }
        }
        return h;
    }

    /**
     * The block with every row's factor qᵢ scaled by κᵢ, so that its Fisher sum
     * ({@code FisherSum.of}) is Σᵢ hᵢhᵢᵀ; the block itself for {@link #DOT} (κ = 1).
     */
    public CandidateBlock weighted(CandidateBlock b) {
        if (this == DOT) {
            return b;
        }
        if (b.r != 1) {
            throw new IllegalArgumentException("the LogDet family's factor is q = π − e_ŷ (r = 1), got r = " + b.r);
        }
        double[] factor = b.factor.clone();
        for (int i = 0; i < b.n; i++) {
            double kappa = scale(b.phi, b.phiOffset(i), b.d, b.factor, b.factorOffset(i), b.c);
            for (int j = 0; j < b.c; j++) {
                factor[b.factorOffset(i) + j] *= kappa;
            }
        }
        return new CandidateBlock(b.ids, b.d, b.c, b.r, b.phi, factor, b.probs, b.labels);
    }

    /** The command-line spelling: {@code dot} or {@code cosine}. */
    public static Kernel fromName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "dot" -> DOT;
            case "cosine" -> COSINE;
            default -> throw new IllegalArgumentException("unknown kernel '" + name + "'; valid kernels: dot, cosine");
        };
    }
}
