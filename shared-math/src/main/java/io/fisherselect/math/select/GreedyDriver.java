package io.fisherselect.math.select;

import java.util.List;

/**
 * The driver side of a greedy batch objective: it owns the D×D matrices (e.g. M⁻¹), turns each
 * pick into the {@link StepMessage} that every candidate's state is updated with, and knows the
 * {@link GreedyObjective} the candidates run. One instance per selection; not serializable.
 */
public interface GreedyDriver {

    /** The candidate side, configured with this selection's initial data. */
    GreedyObjective objective();

    /** Updates the driver's matrices with the picked item and returns the broadcast. */
    StepMessage afterPick(Pick pick);

    /** How many forward picks to make for a batch of k (BAIT: 2k, then pruning). */
    default int forwardPicks(int k) {
        return k;
    }

    /**
     * The final batch from the forward picks (driver only, no pass over the data); by default the
     * forward picks themselves. BAIT prunes 2k picks back to k here.
     */
    default List<Pick> finish(List<Pick> forward, int k) {
        return forward;
    }

    /** The caps of the forward picks for a batch under {@code quota} (BAIT: twice the caps). */
    default ClassQuota forwardQuota(ClassQuota quota) {
        return quota;
    }

    /**
     * {@link #finish} under class caps: the result must hold at most {@code quota.max(c)} items of
     * every class c (the picks carry their class, {@link Pick#cls}); by default the forward picks,
     * which already respect them.
     */
    default List<Pick> finish(List<Pick> forward, int k, ClassQuota quota) {
        return finish(forward, k);
    }
}
