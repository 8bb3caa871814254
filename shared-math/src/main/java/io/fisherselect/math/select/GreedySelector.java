package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory greedy selector: the reference the distributed selector must match pick for
 * pick. It runs the same {@link BlockState} steps over blocks held in memory.
 */
public final class GreedySelector {
    private GreedySelector() {
    }

    /** A greedy batch of k over the blocks: picks in order with the gain each had when picked. */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k) {
        GreedyObjective objective = driver.objective();
        int forward = driver.forwardPicks(k);
        List<BlockState> states = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            states.add(BlockState.initial(b, objective));
        }
        List<Pick> picks = new ArrayList<>();
        for (int t = 0; t < forward; t++) {
            Pick best = null;
            for (int i = 0; i < blocks.size(); i++) {
                best = Pick.best(best, states.get(i).best(blocks.get(i), objective));
            }
            if (best == null) {
                break;
            }
            picks.add(best);
            if (t + 1 == forward) {
                break;
            }
            StepMessage message = driver.afterPick(best);
            for (int i = 0; i < blocks.size(); i++) {
                states.set(i, states.get(i).next(blocks.get(i), objective, best.id, message));
            }
        }
        return driver.finish(picks, k);
    }
}
