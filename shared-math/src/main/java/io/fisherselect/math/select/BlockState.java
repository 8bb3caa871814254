package io.fisherselect.math.select;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The greedy state of one {@link CandidateBlock}: every candidate's state row, its current gain
 * and whether it was picked. A step returns a new state and leaves the old one untouched, so a
 * Spark partition can be recomputed from its lineage and give the same numbers. Both selectors
 * call exactly these methods, which is why the in-memory and the distributed selection agree pick
 * for pick.
 *
 * <p>States and gains are computed by the objective's block methods
 * ({@link GreedyObjective#initializeRows}, {@link GreedyObjective#updateRows}) in one pass over
 * the block; {@link #best} only scans the stored gains.
 */
public final class BlockState implements Serializable {
    private static final long serialVersionUID = 2L;

    public final double[] values;
    public final boolean[] picked;
    /** gains of the unpicked rows (unspecified for picked rows) */
    private final double[] gains;

    private BlockState(double[] values, boolean[] picked, double[] gains) {
        this.values = values;
        this.picked = picked;
        this.gains = gains;
    }

    /** Initial states of every candidate of the block. */
    public static BlockState initial(CandidateBlock block, GreedyObjective objective) {
        double[] values = new double[block.n * objective.stateWidth()];
        boolean[] picked = new boolean[block.n];
        double[] gains = new double[block.n];
        objective.initializeRows(block, 0, block.n, values, gains);
        return new BlockState(values, picked, gains);
    }

    /**
     * The unpicked candidate with the largest gain (ties: smaller id), or null when none is left.
     *
     * @throws RuntimeException {@link GreedyObjective#undefinedGain} when a gain is NaN: a broken
     *                          state must stop the selection, not silently lose the comparison
     */
    public Pick best(CandidateBlock block, GreedyObjective objective) {
        return best(block, objective, null, null, null);
    }

    /**
     * The best unpicked candidate that {@code eligible} accepts and whose predicted class is not
     * full: the greedy step under a partition-matroid constraint (docs/math.md "Class-balanced
     * batches"), optionally among a subset of the items (stochastic greedy's sample); null when
     * none is left. See {@link #best(CandidateBlock, GreedyObjective)}.
     *
     * @param eligible the ids a step may pick (null: all)
     * @param quota    the classes of the rows (null: no constraint)
     * @param full     the classes that already hold their quota (null: none)
     */
    public Pick best(CandidateBlock block, GreedyObjective objective, Predicate<String> eligible,
                     ClassQuota quota, boolean[] full) {
        int bestRow = -1;
        double bestGain = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < block.n; i++) {
            if (picked[i] || (full != null && full[quota.classOf(block, i)])
                    || (eligible != null && !eligible.test(block.ids[i]))) {
                continue;
            }
            double g = gains[i];
            if (Double.isNaN(g)) {
                throw objective.undefinedGain(block.ids[i]);
            }
            if (bestRow < 0 || Pick.better(g, block.ids[i], bestGain, block.ids[bestRow])) {
                bestRow = i;
                bestGain = g;
            }
        }
        return bestRow < 0 ? null : pick(block, objective, bestRow, quota);
    }

    /**
     * Row {@code row} as a pick with its current gain, picked or not: how an item that is already
     * at the annotators enters the batch as if it had been picked ({@link Conditioning}).
     */
    public Pick pick(CandidateBlock block, GreedyObjective objective, int row, ClassQuota quota) {
        int w = objective.stateWidth();
        return new Pick(block.ids[row], gains[row], block.phiOf(row), block.factorOf(row),
                Arrays.copyOfRange(values, row * w, row * w + w), quota == null ? -1 : quota.classOf(block, row));
    }

    /**
     * The state after a pick: {@code pickedId} (if in this block) is marked, every other unpicked
     * candidate is updated with the broadcast message. This state is left untouched; the new one
     * shares the picked flags with it when the pick is not in this block (neither is ever
     * modified), so a step allocates the new state values and gains, nothing else proportional to
     * n.
     */
    public BlockState next(CandidateBlock block, GreedyObjective objective, String pickedId, StepMessage message) {
        return next(block, objective, pickedId, message, new double[values.length], new double[block.n]);
    }

    /**
     * {@link #next} written into the value and gain arrays of {@code spare}, a state of the same
     * block and objective that nothing reads any more (the in-memory store's state before this
     * one): the same numbers, bit for bit — every row of the new values is written, from the
     * objective's update or, for picked rows, from this state — without allocating them again at
     * every pick. {@code spare} must not be this state.
     */
    BlockState next(CandidateBlock block, GreedyObjective objective, String pickedId, StepMessage message,
                    BlockState spare) {
        if (spare == this || spare.values == values) {
            throw new IllegalArgumentException("a state cannot be stepped into its own arrays");
        }
        return next(block, objective, pickedId, message, spare.values, spare.gains);
    }

    private BlockState next(CandidateBlock block, GreedyObjective objective, String pickedId, StepMessage message,
                            double[] v, double[] g) {
        boolean[] p = picked;
        for (int i = 0; i < block.n; i++) {
            if (!picked[i] && block.ids[i].equals(pickedId)) {
                if (p == picked) {
                    p = picked.clone();
                }
                p[i] = true;
            }
        }
        objective.updateRows(block, 0, block.n, p, values, v, message, g);
        return new BlockState(v, p, g);
    }
}
