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
 *
 * <p>Blocks are processed in tiles ({@link #initializeRows}, {@link #updateRows}): the
 * projections φᵢᵀW̃ of a tile are one dense product, the tail runs on lanes; every candidate gets
 * the bits of the single-row methods.
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

    @Override
    public void initializeRows(CandidateBlock block, int from, int to, double[] state, double[] gains) {
        prior.quadraticForms(block, from, to, state, from * r * r, r * r);
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
        int m = message.columns[0];
        int rr = r * r;
        CandidateTile tile = new CandidateTile(block, to - from);
        int cap = tile.capacity;
        double[][] z = DenseKernels.lanes(c * m, cap);
        double[][] p = DenseKernels.lanes(r * m, cap);
        double[][] s = DenseKernels.lanes(rr, cap);
        double[][] work = gains == null ? null : DenseKernels.lanes(rr, cap);
        double[] logDet = new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            tile.load(block, f, t);
            CandidateTile.gather(prev, f, t, rr, 0, rr, s, 0);
            tile.project(c, r, message.projections[0], m, z, p, 0);
            SmallMatrixOps.subtractOuterLanes(s, 0, r, p, 0, m, t, tile.tmp);
            CandidateTile.scatter(s, 0, rr, f, t, rr, 0, skip, prev, next);
            if (gains != null) {
                gainLanes(s, 0, work, logDet, t, gains, f - from);
            }
        }
    }

    /** gains[gOff + l] = gain of the state in lanes sOff.. (copied to work first), as {@link #gain}. */
    private void gainLanes(double[][] s, int sOff, double[][] work, double[] logDet, int t, double[] gains, int gOff) {
        copyLower(s, sOff, r, work, t);
        SmallMatrixOps.logDetIdentityPlusLanes(work, r, t, logDet);
        for (int l = 0; l < t; l++) {
            gains[gOff + l] = scale * logDet[l] + offset;
        }
    }

    /** The lower triangle (with the diagonal) of the n×n lanes at sOff into lanes 0.. of work. */
    static void copyLower(double[][] s, int sOff, int n, double[][] work, int t) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                System.arraycopy(s[sOff + i * n + j], 0, work[i * n + j], 0, t);
            }
        }
    }

    @Override
    public void gains(CandidateBlock block, int from, int to, boolean[] skip, double[] state, double[] out) {
        if (to <= from) {
            return;
        }
        int rr = r * r;
        int cap = Math.min(CandidateTile.SIZE, to - from);
        double[][] a = DenseKernels.lanes(rr, cap);
        double[] logDet = new double[cap];
        for (int f = from; f < to; f += cap) {
            int t = Math.min(cap, to - f);
            CandidateTile.gatherLower(state, f, t, rr, 0, r, a);
            SmallMatrixOps.logDetIdentityPlusLanes(a, r, t, logDet);
            for (int l = 0; l < t; l++) {
                out[f - from + l] = scale * logDet[l] + offset;
            }
        }
    }
}
