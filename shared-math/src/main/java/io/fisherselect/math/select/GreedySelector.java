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
        return select(blocks, driver, k, List.of(), null);
    }

    /** Progress of the forward picks, e.g. to save a checkpoint. */
    public interface Progress {
        /** Called after each forward pick with the forward picks so far. */
        void picked(List<Pick> forwardSoFar);
    }

    /**
     * A greedy batch of k that continues from {@code saved} forward picks (see {@link GreedyResume});
     * with no saved picks, the plain selection.
     *
     * @param progress told after each forward pick (may be null)
     */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k, List<Pick> saved,
                                    Progress progress) {
        return select(blocks, driver, k, saved, progress, null);
    }

    /**
     * The candidates a forward step may pick from: a subset of the unpicked items (e.g. the random
     * sample of stochastic greedy, {@link MultiRoundGreedy}). When it accepts none of them, the
     * step picks the best unpicked item.
     */
    public interface StepCandidates {
        /** Whether item {@code id} may be picked at forward step {@code step} (0-based) with {@code unpicked} items left. */
        boolean eligible(int step, long unpicked, String id);
    }

    /**
     * The greedy batch of k where every forward step picks the best item among those
     * {@code candidates} accepts (all when null); every item's state is still updated after each
     * pick, so the gains compared are the exact marginal gains.
     */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k, List<Pick> saved,
                                    Progress progress, StepCandidates candidates) {
        GreedyObjective objective = driver.objective();
        int forward = driver.forwardPicks(k);
        List<StepMessage> messages = GreedyResume.replay(driver, saved, forward);
        List<String> ids = GreedyResume.ids(saved);
        List<BlockState> states = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            states.add(GreedyResume.advance(b, objective, BlockState.initial(b, objective), ids, messages));
        }
        List<Pick> picks = new ArrayList<>(saved);
        long total = 0;
        for (CandidateBlock b : blocks) {
            total += b.n;
        }
        for (int t = saved.size(); t < forward; t++) {
            Pick best = null;
            if (candidates != null) {
                int step = t;
                long unpicked = total - t;
                for (int i = 0; i < blocks.size(); i++) {
                    best = Pick.best(best, states.get(i).best(blocks.get(i), objective,
                            id -> candidates.eligible(step, unpicked, id)));
                }
            }
            if (best == null) {
                for (int i = 0; i < blocks.size(); i++) {
                    best = Pick.best(best, states.get(i).best(blocks.get(i), objective));
                }
            }
            if (best == null) {
                break;
            }
            picks.add(best);
            if (progress != null) {
                progress.picked(picks);
            }
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
