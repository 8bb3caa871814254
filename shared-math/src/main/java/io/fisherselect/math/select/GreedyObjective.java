package io.fisherselect.math.select;

import java.io.Serializable;

/**
 * The candidate side of a greedy batch objective: what runs for every candidate, in the
 * in-memory selector and on Spark executors alike. Each candidate carries a small state
 * ({@link #stateWidth()} doubles, e.g. the r×r matrix Vᵢᵀ M⁻¹ Vᵢ) that a pick updates from a
 * broadcast message, in O(d·C·r) per candidate instead of recomputing from a D×D matrix.
 *
 * <p>Implementations are immutable and serializable; anything large they carry (e.g. H⁻¹ for the
 * initial states) is sent once.
 *
 * <p>{@link BlockState} works on whole blocks through {@link #initializeRows} and
 * {@link #updateRows}; their defaults call the single-row methods. An objective overrides them to
 * process many candidates per pass over the broadcast matrices (dense products over tiles of
 * rows, {@link io.fisherselect.math.linalg.DenseKernels}); an override must give every row exactly
 * the numbers of the single-row method, bit for bit, so that a candidate's state does not depend
 * on its block, its row or the tile it was computed in — the in-memory and the distributed
 * selectors then pick the same items with the same gains.
 */
public interface GreedyObjective extends Serializable {

    /** doubles of state per candidate */
    int stateWidth();

    /** doubles of scratch a thread needs for {@link #gain}, {@link #update} and {@link #initialize} */
    int scratchSize();

    /** Fills the initial state of {@code row} at {@code state[row·width ..]}. */
    void initialize(CandidateBlock block, int row, double[] state, double[] scratch);

    /** The marginal gain of adding {@code row} to the current batch. */
    double gain(CandidateBlock block, int row, double[] state, double[] scratch);

    /** Applies the broadcast message of one pick to {@code row}'s state. */
    void update(CandidateBlock block, int row, double[] state, StepMessage message, double[] scratch);

    /**
     * Initial states of rows [from, to) at {@code state[row·width ..]}, each exactly as
     * {@link #initialize} computes it, and (when {@code gains} is not null) their gains at
     * {@code gains[row − from]}, exactly as {@link #gain} computes them.
     */
    default void initializeRows(CandidateBlock block, int from, int to, double[] state, double[] gains) {
        double[] scratch = new double[scratchSize()];
        for (int row = from; row < to; row++) {
            initialize(block, row, state, scratch);
        }
        if (gains != null) {
            gains(block, from, to, null, state, gains);
        }
    }

    /**
     * The states after one pick, for rows [from, to): {@code next[row]} = {@code prev[row]}
     * updated with the message exactly as {@link #update} does it, or an unchanged copy when
     * {@code skip[row]} (picked rows; skip may be null). {@code prev} is only read; it may be
     * {@code next} itself (an in-place update). When {@code gains} is not null, the new gains of
     * the rows that are not skipped go to {@code gains[row − from]}, exactly as {@link #gain}
     * computes them (an implementation computes them while the new rows are still in cache).
     */
    default void updateRows(CandidateBlock block, int from, int to, boolean[] skip, double[] prev, double[] next,
                            StepMessage message, double[] gains) {
        int w = stateWidth();
        if (prev != next) {
            System.arraycopy(prev, from * w, next, from * w, (to - from) * w);
        }
        double[] scratch = new double[scratchSize()];
        for (int row = from; row < to; row++) {
            if (skip == null || !skip[row]) {
                update(block, row, next, message, scratch);
                if (gains != null) {
                    gains[row - from] = gain(block, row, next, scratch);
                }
            }
        }
    }

    /**
     * The gains of rows [from, to) at {@code out[row − from]}, each exactly as {@link #gain}
     * computes it; rows with {@code skip[row]} (picked rows; skip may be null) may be left
     * unspecified.
     */
    default void gains(CandidateBlock block, int from, int to, boolean[] skip, double[] state, double[] out) {
        double[] scratch = new double[scratchSize()];
        for (int row = from; row < to; row++) {
            if (skip == null || !skip[row]) {
                out[row - from] = gain(block, row, state, scratch);
            }
        }
    }
}
