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
 * Candidate side of {@code bait} (Ash et al. 2021, "Gone Fishing"; paper §7.1, eqs. (68), (77)):
 * greedy minimisation of tr(F M⁻¹), with F the mean Fisher of pool ∪ labeled and
 * M = λI + n_L/(n_L+K)·mean_labeled Fⱼ + Σ_{j∈B} V̂ⱼV̂ⱼᵀ. Candidates enter with the scaled factor
 * V̂ᵢ = √(K/(n_L+K))·Vᵢ (K = batch size); the block keeps the unscaled Vᵢ and this objective
 * applies the weight w = K/(n_L+K) to its states.
 *
 * <p>By Woodbury, adding item i lowers the trace by
 * <pre>  tr(F M⁻¹) − tr(F (M + V̂ᵢV̂ᵢᵀ)⁻¹) = tr((I + Sᵢ)⁻¹ Tᵢ),
 *   Sᵢ = V̂ᵢᵀ M⁻¹ V̂ᵢ,  Tᵢ = V̂ᵢᵀ M⁻¹ F M⁻¹ V̂ᵢ   (both r×r),</pre>
 * the gain of the forward pass; removing a member j raises it by tr((I − Sⱼ)⁻¹ Tⱼ)
 * ({@link #removalCost}, the backward pruning). State layout: {@code [S | T]}, 2r² doubles.
 *
 * <p>A step changes M⁻¹ to M⁻¹ + σ W Wᵀ (σ = −1 after adding a pick, +1 after removing one;
 * W = M⁻¹V̂ⱼ L, L Lᵀ = (I − σ Sⱼ)⁻¹). With Z = M_old⁻¹ F W and R = Wᵀ F W, the states follow
 * <pre>  S ← S + σ p pᵀ,   T ← T + σ (p qᵀ + q pᵀ) + p R pᵀ,   p = V̂ᵢᵀ W,  q = V̂ᵢᵀ Z,</pre>
 * O(d·C·r + C·r² + r³) per candidate. {@link StepMessage}: {@code projections = [W, Z]}
 * (projection layout), {@code columns = [r, r]}, {@code extra = [σ, R (r×r row-major)]}.
 *
 * <p>Blocks are processed in tiles ({@link #initializeRows}, {@link #updateRows}), the states and their
 * forward gains on lanes ({@link SmallMatrixOps#traceSolveIdentityPlusLanes}), with the bits of
 * the single-row methods, as in {@link LogDetObjective}.
 */
public final class BaitObjective implements GreedyObjective {
    private static final long serialVersionUID = 1L;

    /** M₀⁻¹ for the initial S */
    private final PriorInverse prior;
    /** M₀⁻¹ F M₀⁻¹ for the initial T */
    private final PriorInverse priorFisherPrior;
    private final int c;
    private final int r;
    /** w = K/(n_L+K): V̂ᵢV̂ᵢᵀ = w·VᵢVᵢᵀ */
    private final double weight;
    private final double sqrtWeight;

    public BaitObjective(PriorInverse prior, PriorInverse priorFisherPrior, int c, int r, double weight) {
        this.prior = prior;
        this.priorFisherPrior = priorFisherPrior;
        this.c = c;
        this.r = r;
        this.weight = weight;
        this.sqrtWeight = Math.sqrt(weight);
    }

    /** The candidate weight w = K/(n_L+K). */
    public double weight() {
        return weight;
    }

    @Override
    public int stateWidth() {
        return 2 * r * r;
    }

    @Override
    public int scratchSize() {
        return Math.max(Math.max(prior.scratchSize(), priorFisherPrior.scratchSize()), c * r + 3 * r * r);
    }

    @Override
    public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
        int off = row * stateWidth();
        int rr = r * r;
        prior.quadraticForm(block, row, state, off, scratch);
        priorFisherPrior.quadraticForm(block, row, state, off + rr, scratch);
        SmallMatrixOps.scale(state, off, 2 * rr, weight);
    }

    /** Forward gain: tr(F M⁻¹) − tr(F (M + V̂ᵢV̂ᵢᵀ)⁻¹) = tr((I + Sᵢ)⁻¹ Tᵢ), eq. (77). */
    @Override
    public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
        int off = row * stateWidth();
        return SmallMatrixOps.traceSolveIdentityPlus(1.0, state, off, state, off + r * r, r, scratch);
    }

    /**
     * Backward pruning: tr(F (M − V̂ᵢV̂ᵢᵀ)⁻¹) − tr(F M⁻¹) = tr((I − Sᵢ)⁻¹ Tᵢ) for a member i of
     * the batch (NaN when I − Sᵢ is not positive definite). Needs 2r² scratch.
     */
    public double removalCost(int row, double[] state, double[] scratch) {
        int off = row * stateWidth();
        return SmallMatrixOps.traceSolveIdentityPlus(-1.0, state, off, state, off + r * r, r, scratch);
    }

    @Override
    public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
        int off = row * stateWidth();
        int rr = r * r;
        int m = message.columns[0];
        double sigma = message.extra[0];
        int pOff = c * m;
        int qOff = pOff + r * m;
        int tmpOff = qOff + r * m;
        int po = block.phiOffset(row);
        int fo = block.factorOffset(row);
        // p = V̂ᵢᵀ W, q = V̂ᵢᵀ Z (the block's factors are unscaled)
        KroneckerOps.project(block.phi, po, block.d, block.factor, fo, c, r, message.projections[0], m,
                scratch, scratch, pOff);
        KroneckerOps.project(block.phi, po, block.d, block.factor, fo, c, r, message.projections[1], m,
                scratch, scratch, qOff);
        SmallMatrixOps.scale(scratch, pOff, 2 * r * m, sqrtWeight);
        // T first: it needs p and q only, S is independent of T
        SmallMatrixOps.addSymmetricProduct(state, off + rr, r, sigma, scratch, pOff, scratch, qOff, m);
        SmallMatrixOps.addCongruence(state, off + rr, r, scratch, pOff, m, message.extra, 1, scratch, tmpOff);
        SmallMatrixOps.addOuter(state, off, r, sigma, scratch, pOff, m);
    }

    @Override
    public void initializeRows(CandidateBlock block, int from, int to, double[] state, double[] gains) {
        int w = stateWidth();
        prior.quadraticForms(block, from, to, state, from * w, w);
        priorFisherPrior.quadraticForms(block, from, to, state, from * w + r * r, w);
        for (int row = from; row < to; row++) {
            SmallMatrixOps.scale(state, row * w, w, weight);
        }
        if (gains == null || to <= from) {
            return;
        }
        int cap = Math.max(1, Math.min(CandidateTile.SIZE, to - from));
        double[][] s = DenseKernels.lanes(w, cap);
        double[][] solve = DenseKernels.lanes(w, cap);
        double[] tileGains = new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            CandidateTile.gather(state, f, t, w, 0, w, s, 0);
            SmallMatrixOps.traceSolveIdentityPlusLanes(1.0, s, 0, s, r * r, r, solve, t, tileGains);
            System.arraycopy(tileGains, 0, gains, f - from, t);
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
        int m = message.columns[0];
        double sigma = message.extra[0];
        CandidateTile tile = new CandidateTile(block, to - from);
        int cap = tile.capacity;
        double[][] z = DenseKernels.lanes(c * m, cap);
        // p (r·m lanes) then q (r·m lanes), as the scratch of update()
        double[][] pq = DenseKernels.lanes(2 * r * m, cap);
        double[][] pr = DenseKernels.lanes(r * m, cap);
        double[][] s = DenseKernels.lanes(w, cap);
        double[][] solve = gains == null ? null : DenseKernels.lanes(w, cap);
        double[] tileGains = gains == null ? null : new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            tile.load(block, f, t);
            CandidateTile.gather(prev, f, t, w, 0, w, s, 0);
            tile.project(c, r, message.projections[0], m, z, pq, 0);
            tile.project(c, r, message.projections[1], m, z, pq, r * m);
            SmallMatrixOps.scaleLanes(pq, 0, 2 * r * m, sqrtWeight, t);
            SmallMatrixOps.addSymmetricProductLanes(s, rr, r, sigma, pq, 0, pq, r * m, m, t, tile.tmp);
            SmallMatrixOps.addCongruenceLanes(s, rr, r, pq, 0, m, message.extra, 1, pr, 0, t, tile.tmp);
            SmallMatrixOps.addOuterLanes(s, 0, r, sigma, pq, 0, m, t, tile.tmp);
            CandidateTile.scatter(s, 0, w, f, t, w, 0, skip, prev, next);
            if (gains != null) {
                // the gains of the tile's new states while they are in lanes: the bits of gain()
                SmallMatrixOps.traceSolveIdentityPlusLanes(1.0, s, 0, s, rr, r, solve, t, tileGains);
                for (int row = f; row < f + t; row++) {
                    if (skip == null || !skip[row]) {
                        gains[row - from] = tileGains[row - f];
                    }
                }
            }
        }
    }
}
