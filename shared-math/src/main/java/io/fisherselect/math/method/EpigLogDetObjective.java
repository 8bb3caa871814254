package io.fisherselect.math.method;

import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateTile;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.DenseKernels;
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
 *
 * <p>Blocks are processed in tiles ({@link #initializeRows}, {@link #updateRows}) with the bits of
 * the single-row methods, as in {@link LogDetObjective}.
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

    @Override
    public void initializeRows(CandidateBlock block, int from, int to, double[] state, double[] gains) {
        int w = stateWidth();
        prior.quadraticForms(block, from, to, state, from * w, w);
        priorPlusEval.quadraticForms(block, from, to, state, from * w + r * r, w);
        if (gains != null) {
            gains(block, from, to, null, state, gains);
        }
    }

    @Override
    public void updateRows(CandidateBlock block, int from, int to, boolean[] skip, double[] prev, double[] next,
                           StepMessage message, double[] gains) {
        if (to <= from) {
            return;
        }
        int w = stateWidth();
        int rr = r * r;
        int mMax = Math.max(message.columns[0], message.columns[1]);
        CandidateTile tile = new CandidateTile(block, to - from);
        int cap = tile.capacity;
        double[][] z = DenseKernels.lanes(c * mMax, cap);
        double[][] p = DenseKernels.lanes(r * mMax, cap);
        double[][] s = DenseKernels.lanes(w, cap);
        double[][] work = gains == null ? null : DenseKernels.lanes(rr, cap);
        double[] first = new double[cap];
        double[] second = new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            tile.load(block, f, t);
            CandidateTile.gather(prev, f, t, w, 0, w, s, 0);
            for (int k = 0; k < 2; k++) {
                int m = message.columns[k];
                tile.project(c, r, message.projections[k], m, z, p, 0);
                SmallMatrixOps.subtractOuterLanes(s, k * rr, r, p, 0, m, t, tile.tmp);
            }
            CandidateTile.scatter(s, 0, w, f, t, w, 0, skip, prev, next);
            if (gains != null) {
                LogDetObjective.copyLower(s, 0, r, work, t);
                SmallMatrixOps.logDetIdentityPlusLanes(work, r, t, first);
                LogDetObjective.copyLower(s, rr, r, work, t);
                SmallMatrixOps.logDetIdentityPlusLanes(work, r, t, second);
                for (int l = 0; l < t; l++) {
                    gains[f - from + l] = 0.5 * (first[l] - second[l]);
                }
            }
        }
    }

    @Override
    public void gains(CandidateBlock block, int from, int to, boolean[] skip, double[] state, double[] out) {
        if (to <= from) {
            return;
        }
        int w = stateWidth();
        int rr = r * r;
        int cap = Math.min(CandidateTile.SIZE, to - from);
        double[][] a = DenseKernels.lanes(rr, cap);
        double[] first = new double[cap];
        double[] second = new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            CandidateTile.gatherLower(state, f, t, w, 0, r, a);
            SmallMatrixOps.logDetIdentityPlusLanes(a, r, t, first);
            CandidateTile.gatherLower(state, f, t, w, rr, r, a);
            SmallMatrixOps.logDetIdentityPlusLanes(a, r, t, second);
            for (int l = 0; l < t; l++) {
                out[f - from + l] = 0.5 * (first[l] - second[l]);
            }
        }
    }
}
