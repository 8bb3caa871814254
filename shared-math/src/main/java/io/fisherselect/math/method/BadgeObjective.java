package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.GradientDistance;
import io.fisherselect.math.sample.ItemUniform;

/**
 * Candidate side of BADGE (Ash et al. 2020, "Deep Batch Active Learning by Diverse, Uncertain
 * Gradient Lower Bounds"; paper §7.2): k-means++ seeding (Arthur &amp; Vassilvitskii 2007) on the
 * hard-pseudo-label gradient embeddings gᵢ = (πᵢ − e_ŷ) ⊗ φᵢ, run as a greedy objective so that
 * the in-memory and the distributed greedy loop both run it.
 *
 * <p>Blocks must carry the C×1 factor qᵢ = πᵢ − e_ŷ ({@code FactorSpec.Kind.PSEUDO_LABEL_GRADIENT}).
 * State of a candidate ({@value #WIDTH} doubles):
 * <ol start="0">
 *   <li>D²ᵢ = min over chosen centers c of ‖gᵢ − c‖²; before the first pick ‖gᵢ‖²,</li>
 *   <li>the step t of the next pick (0 before any pick),</li>
 *   <li>‖gᵢ‖², cached.</li>
 * </ol>
 *
 * <p>Step 0: the gain is ‖gᵢ‖², so the first center is the item with the largest gradient norm
 * (ties: smaller id) — deterministic, and the origin is never an implicit center.
 *
 * <p>Step t ≥ 1: the next center is drawn with probability D²ᵢ / Σⱼ D²ⱼ (D² sampling). The gain
 * is the key log D²ᵢ + Gᵢ,ₜ with the Gumbel Gᵢ,ₜ = −log(−log uᵢ,ₜ),
 * uᵢ,ₜ = u(seed, {@link ItemUniform#STREAM_BADGE} + t, idᵢ). This is the Efraimidis–Spirakis
 * weighted-reservoir key uᵢ^(1/wᵢ) under the strictly increasing map x ↦ −log(−log x)
 * (log(u^(1/w)) = log(u)/w and −log(−log(u)/w) = log w − log(−log u)), so the maximum is drawn
 * ∝ wᵢ = D²ᵢ exactly as with log(uᵢ)/D²ᵢ, without that form's overflow to −∞ for tiny D². The
 * key of an item depends only on (seed, t, id, D²ᵢ), so the picks do not depend on partitioning.
 *
 * <p>D²ᵢ = 0 (the item coincides with a chosen center, e.g. an exact duplicate, or gᵢ = 0 when
 * the center is 0) gives the key −∞: such an item is never picked while any remaining item has
 * D² &gt; 0; if all remaining items have D² = 0 the smallest id is picked (the framework's tie
 * rule). Already chosen items are marked picked by the framework and never re-drawn.
 *
 * <p>Distances use {@link GradientDistance}: O(C + d) per candidate per step, never a C·d vector.
 */
public final class BadgeObjective implements GreedyObjective {
    private static final long serialVersionUID = 1L;

    /** doubles of state per candidate */
    public static final int WIDTH = 3;

    private final long seed;
    private final int d;
    private final int c;

    public BadgeObjective(long seed, int d, int c) {
        this.seed = seed;
        this.d = d;
        this.c = c;
    }

    @Override
    public int stateWidth() {
        return WIDTH;
    }

    @Override
    public int scratchSize() {
        return 0;
    }

    @Override
    public void initialize(CandidateBlock block, int row, double[] state, double[] scratch) {
        if (block.r != 1 || block.c != c || block.d != d) {
            throw new IllegalArgumentException("badge needs gradient-embedding blocks with C = " + c + ", d = " + d
                    + " and one factor column; got C = " + block.c + ", d = " + block.d + ", r = " + block.r);
        }
        double n2 = GradientDistance.squaredNorm(block.factor, block.factorOffset(row), c,
                block.phi, block.phiOffset(row), d);
        int o = row * WIDTH;
        state[o] = n2;
        state[o + 1] = 0;
        state[o + 2] = n2;
    }

    @Override
    public double gain(CandidateBlock block, int row, double[] state, double[] scratch) {
        int o = row * WIDTH;
        long step = (long) state[o + 1];
        if (step == 0) {
            return state[o];
        }
        return samplingKey(seed, step, block.ids[row], state[o]);
    }

    /**
     * The D²-sampling key of step t ≥ 1: log D² + Gumbel(u(seed, STREAM_BADGE + t, id)), −∞ when
     * D² = 0.
     */
    public static double samplingKey(long seed, long step, String id, double d2) {
        if (!(d2 > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(d2) + ItemUniform.gumbel(ItemUniform.uniform(seed, ItemUniform.STREAM_BADGE + step, id));
    }

    @Override
    public void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch) {
        double[] m = message.extra;
        long step = (long) m[BadgeDriver.STEP];
        double dist = GradientDistance.squaredDistance(
                block.factor, block.factorOffset(row), block.phi, block.phiOffset(row), state[row * WIDTH + 2],
                m, BadgeDriver.Q, m, BadgeDriver.Q + c, m[BadgeDriver.NORM], c, d);
        int o = row * WIDTH;
        state[o] = step == 0 ? dist : Math.min(state[o], dist);
        state[o + 1] = step + 1;
    }
}
