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
        return select(blocks, driver, k, saved, progress, null, Conditioning.none());
    }

    /**
     * A greedy batch of k under class caps, after pending items.
     *
     * @param quota   caps per predicted class (null: none)
     * @param pending items already at the annotators, entered before the first pick (see
     *                {@link Conditioning}); built on this {@code driver}
     */
    public static List<Pick> select(List<CandidateBlock> blocks, GreedyDriver driver, int k, List<Pick> saved,
                                    Progress progress, ClassQuota quota, Conditioning pending) {
        GreedyObjective objective = driver.objective();
        int forward = driver.forwardPicks(k);
        Conditioning start = pending.then(GreedyResume.ids(saved), GreedyResume.replay(driver, saved, forward));
        List<BlockState> states = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            states.add(start.advance(b, objective));
        }
        ClassQuota caps = quota == null ? null : driver.forwardQuota(quota);
        ClassQuota.Tally tally = caps == null ? null : caps.tally();
        if (tally != null) {
            for (Pick p : saved) {
                tally.add(p.cls);
            }
        }
        List<Pick> picks = new ArrayList<>(saved);
        for (int t = saved.size(); t < forward; t++) {
            boolean[] full = tally == null ? null : tally.full();
            Pick best = null;
            for (int i = 0; i < blocks.size(); i++) {
                best = Pick.best(best, states.get(i).best(blocks.get(i), objective, caps, full));
            }
            if (best == null) {
                break;
            }
            picks.add(best);
            if (tally != null) {
                tally.add(best.cls);
            }
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
        return quota == null ? driver.finish(picks, k) : driver.finish(picks, k, quota);
    }
}
