package io.fisherselect.math.score;

import io.fisherselect.math.linalg.SmallMatrixOps;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.inverse.PriorInverse;

/**
 * Top-k scores from the last-layer Fisher information.
 */
public final class FisherScores {
    private FisherScores() {
    }

    /**
     * Expected gradient length at the model's own predictions, E_y‖∇_ω ℓ(y)‖² = tr Fᵢ
     * = (1 − ‖π‖²)‖φ‖² for the softmax last layer (paper eq. (78), §7.4). With probabilities the
     * closed form is used, so {@code --fisher-rank} does not truncate it; for the gaussian
     * likelihood it is tr Fᵢ = ‖Aᵢ‖²_F ‖φᵢ‖² from the factor.
     */
    public static ItemScore expectedGradientLength() {
        return (b, row, scratch) -> {
            double p2 = 0;
            int po = b.phiOffset(row);
            for (int k = 0; k < b.d; k++) {
                p2 += b.phi[po + k] * b.phi[po + k];
            }
            double a2 = 0;
            if (b.probs != null) {
                int o = row * b.c;
                for (int i = 0; i < b.c; i++) {
                    a2 += b.probs[o + i] * b.probs[o + i];
                }
                return (1.0 - a2) * p2;
            }
            int ao = b.factorOffset(row);
            for (int i = 0; i < b.c * b.r; i++) {
                a2 += b.factor[ao + i] * b.factor[ao + i];
            }
            return a2 * p2;
        };
    }

    /** ½ tr(Fᵢ H⁻¹) = ½ tr(Vᵢᵀ H⁻¹ Vᵢ): the trace bound of the EIG, paper eq. (52). */
    public static ItemScore eigTrace(PriorInverse prior, int r) {
        return new ItemScore() {
            private static final long serialVersionUID = 1L;

            @Override
            public double score(CandidateBlock b, int row, double[] scratch) {
                int off = prior.scratchSize();
                prior.quadraticForm(b, row, scratch, off, scratch);
                return 0.5 * SmallMatrixOps.trace(scratch, off, r);
            }

            @Override
            public int scratchSize() {
                return prior.scratchSize() + r * r;
            }
        };
    }
}
