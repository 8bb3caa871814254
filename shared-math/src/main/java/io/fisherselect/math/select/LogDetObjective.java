package io.fisherselect.math.select;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.SmallMatrixOps;

/**
 * Candidate side of the greedy maximisation of scale · log det(M_B) with M_B = M₀ + Σ_{j∈B} VⱼVⱼᵀ.
 * By the matrix determinant lemma, adding item i raises it by
 * scale · log det(I + Vᵢᵀ M_B⁻¹ Vᵢ) + offset, so each candidate keeps Sᵢ = Vᵢᵀ M_B⁻¹ Vᵢ (r×r).
 * After item j is picked, M⁻¹ loses W Wᵀ (Woodbury, W = M⁻¹Vⱼ chol((I + Sⱼ)⁻¹)) and
 * Sᵢ ← Sᵢ − (VᵢᵀW)(VᵢᵀW)ᵀ: O(d·C·r + C·r²) per candidate.
 *
 * <ul>
 *   <li>{@code eig-logdet}: M₀ = H, scale ½, offset 0: ½ log det(Σ_B Fᵢ H⁻¹ + I), paper eq. (51).</li>
 *   <li>{@code logdet}: Vᵢ = gᵢ, M₀ = λI, scale 1, offset log λ: log det(S_B + λI), eq. (76) and
 *       Prop. 6.1 (weight-space and similarity-space log det agree).</li>
 * </ul>
 */
public final class LogDetObjective implements GreedyObjective {
    private static final long serialVersionUID = 1L;

    private final PriorInverse prior;
    private final int c;
    private final int r;
    private final double scale;
    private final double offset;

    public LogDetObjective(PriorInverse prior, int c, int r, double scale, double offset) {
        this.prior = prior;
        this.c = c;
        this.r = r;
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public int stateWidth() {
        return r * r;
    }

    @Override
    public int scratchSize() {
        return Math.max(prior.scratchSize(), c * r + r * r + r * r);
    }

    @Override
    public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
        prior.quadraticForm(block, row, state, row * r * r, scratch);
    }

    @Override
    public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
        return scale * SmallMatrixOps.logDetIdentityPlus(state, row * r * r, r, scratch) + offset;
    }

    @Override
    public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
        int m = message.columns[0];
        int pOff = c * m;
        KroneckerOps.project(block.phi, block.phiOffset(row), block.d, block.factor, block.factorOffset(row),
                c, r, message.projections[0], m, scratch, scratch, pOff);
        SmallMatrixOps.subtractOuter(state, row * r * r, r, scratch, pOff, m);
    }
}
