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
}
