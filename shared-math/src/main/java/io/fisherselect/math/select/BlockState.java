package io.fisherselect.math.select;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The greedy state of one {@link CandidateBlock}: every candidate's state row and whether it was
 * picked. A step returns a new state and leaves the old one untouched, so a Spark partition can be
 * recomputed from its lineage and give the same numbers. Both selectors call exactly these
 * methods, which is why the in-memory and the distributed selection agree pick for pick.
 */
public final class BlockState implements Serializable {
    private static final long serialVersionUID = 1L;

    public final double[] values;
    public final boolean[] picked;

    private BlockState(double[] values, boolean[] picked) {
        this.values = values;
        this.picked = picked;
    }

    /** Initial states of every candidate of the block. */
    public static BlockState initial(CandidateBlock block, GreedyObjective objective) {
        int w = objective.stateWidth();
        double[] values = new double[block.n * w];
        double[] scratch = new double[objective.scratchSize()];
        for (int i = 0; i < block.n; i++) {
            objective.initialize(block, i, values, scratch);
        }
        return new BlockState(values, new boolean[block.n]);
    }

    /**
     * The unpicked candidate with the largest gain (ties: smaller id), or null when none is left.
     *
     * @throws ArithmeticException when a gain is NaN: a broken state must stop the selection, not
     *                             silently lose the comparison
     */
    public Pick best(CandidateBlock block, GreedyObjective objective) {
        double[] scratch = new double[objective.scratchSize()];
        int bestRow = -1;
        double bestGain = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < block.n; i++) {
            if (picked[i]) {
                continue;
            }
            double g = objective.gain(block, i, values, scratch);
            if (Double.isNaN(g)) {
                throw new ArithmeticException("gain of candidate '" + block.ids[i] + "' is NaN");
            }
            if (bestRow < 0 || Pick.better(g, block.ids[i], bestGain, block.ids[bestRow])) {
                bestRow = i;
                bestGain = g;
            }
        }
        if (bestRow < 0) {
            return null;
        }
        int w = objective.stateWidth();
        return new Pick(block.ids[bestRow], bestGain, block.phiOf(bestRow), block.factorOf(bestRow),
                Arrays.copyOfRange(values, bestRow * w, bestRow * w + w));
    }

    /**
     * The state after a pick: {@code pickedId} (if in this block) is marked, every other unpicked
     * candidate is updated with the broadcast message.
     */
    public BlockState next(CandidateBlock block, GreedyObjective objective, String pickedId, StepMessage message) {
        double[] v = values.clone();
        boolean[] p = picked.clone();
        double[] scratch = new double[objective.scratchSize()];
        for (int i = 0; i < block.n; i++) {
            if (p[i]) {
                continue;
            }
            if (block.ids[i].equals(pickedId)) {
                p[i] = true;
                continue;
            }
            objective.update(block, i, v, message, scratch);
        }
        return new BlockState(v, p);
    }
}
