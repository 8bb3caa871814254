package io.fisherselect.math.select;

import java.util.List;

/**
 * The in-memory greedy selector: {@link GreedyLoop} over {@link BlockStates}, the reference the
 * distributed selector (the same loop over an RDD of states) must match pick for pick.
 */
public final class GreedySelector {
    private GreedySelector() {
    }

    /** A greedy batch of k over the blocks: picks in order with the gain each had when picked. */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k) {
        return select(blocks, driver, k, List.of(), List.of());
    }

    /**
     * A greedy batch of k that continues from {@code saved} forward picks (see {@link GreedyResume});
     * with no saved picks, the plain selection.
     */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k, List<Pick> saved,
                                    List<? extends GreedyLoop.Listener> listeners) {
        return GreedyLoop.run(new BlockStates(blocks), driver, k, saved, listeners);
    }
}
