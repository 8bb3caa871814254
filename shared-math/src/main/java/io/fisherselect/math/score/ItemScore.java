package io.fisherselect.math.score;

import java.io.Serializable;

/**
 * A per-item acquisition score for top-k selection, computed from one row of a
 * {@link io.fisherselect.math.select.CandidateBlock}. Larger is more informative.
 */
@FunctionalInterface
public interface ItemScore extends Serializable {

    double score(io.fisherselect.math.select.CandidateBlock block, int row, double[] scratch);

    /** doubles of scratch {@link #score} needs */
    default int scratchSize() {
        return 0;
    }
}
