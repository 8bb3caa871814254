package io.fisherselect.math.select;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.SmallMatrixOps;

/**
 * Candidate side of {@code epig-logdet}: greedy minimisation of the EPIG bound
 * Φ(B) = ½ log det(F_eval M_B⁻¹ + I), M_B = H + Σ_{j∈B} Fⱼ, paper eq. (67).
 *
 * <p>With log det(I + F M⁻¹) = log det(M + F) − log det M and the matrix determinant lemma,
 * adding item i lowers Φ by
 * <pre>  Φ(B) − Φ(B ∪ i) = ½ [log det(I + Vᵢᵀ M_B⁻¹ Vᵢ) − log det(I + Vᵢᵀ (M_B + F_eval)⁻¹ Vᵢ)]  ≥ 0,</pre>
 * the gain this objective maximises. Each candidate keeps both r×r states (state layout
 * {@code [S₁ | S₂]}, 2r² doubles):
 * S₁ = Vᵢᵀ M_B⁻¹ Vᵢ and S₂ = Vᵢᵀ (M_B + F_eval)⁻¹ Vᵢ. A pick j adds VⱼVⱼᵀ to both M_B and
 * M_B + F_eval, so both inverses lose a Woodbury term W₁W₁ᵀ, W₂W₂ᵀ and
 * Sₖ ← Sₖ − (VᵢᵀWₖ)(VᵢᵀWₖ)ᵀ: O(d·C·r + C·r²) per candidate and step.
 *
 * <p>{@link StepMessage}: {@code projections = [W₁, W₂]} (projection layout), {@code columns = [r, r]},
 * no extras.
 */
public final class EpigLogDetObjective implements GreedyObjective {
    private static final long serialVersionUID = 1L;

    /** H⁻¹ for the initial S₁ */
    private final PriorInverse prior;
    /** (H + F_eval)⁻¹ for the initial S₂ */
    private final PriorInverse priorPlusEval;
    private final int c;
    private final int r;

    public EpigLogDetObjective(PriorInverse prior, PriorInverse priorPlusEval, int c, int r) {
        this.prior = prior;
        this.priorPlusEval = priorPlusEval;
        this.c = c;
        this.r = r;
    }

    @Override
    public int stateWidth() {
        return 2 * r * r;
    }

    @Override
    public int scratchSize() {
        return Math.max(Math.max(prior.scratchSize(), priorPlusEval.scratchSize()), c * r + r * r);
    }

    @Override
    public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
        int off = row * stateWidth();
        prior.quadraticForm(block, row, state, off, scratch);
        priorPlusEval.quadraticForm(block, row, state, off + r * r, scratch);
    }

    @Override
    public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
        int off = row * stateWidth();
        // eq. (67): ½ log det(I + S₁) − ½ log det(I + S₂)
        return 0.5 * (SmallMatrixOps.logDetIdentityPlus(state, off, r, scratch)
                - SmallMatrixOps.logDetIdentityPlus(state, off + r * r, r, scratch));
    }

    @Override
    public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
        int off = row * stateWidth();
        for (int k = 0; k < 2; k++) {
            int m = message.columns[k];
            int pOff = c * m;
            KroneckerOps.project(block.phi, block.phiOffset(row), block.d, block.factor, block.factorOffset(row),
                    c, r, message.projections[k], m, scratch, scratch, pOff);
            SmallMatrixOps.subtractOuter(state, off + k * r * r, r, scratch, pOff, m);
        }
    }
}
