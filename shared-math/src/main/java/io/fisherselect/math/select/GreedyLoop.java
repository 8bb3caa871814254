package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The one greedy loop, for blocks in memory and for a pool on Spark alike: the driver
 * ({@link GreedyDriver}) turns each pick into a {@link StepMessage}, and a {@link StateStore} —
 * a list of block states in memory ({@link BlockStates}), an RDD of partitions on Spark — applies
 * it to every candidate's state and returns the best candidate of each part. Resuming from saved
 * picks is the same loop started from the replayed states ({@link GreedyResume}); saving progress,
 * timing and logging are {@link Listener}s.
 *
 * <p>Every pick is the best of the parts' bests by {@link Pick#best} (larger gain, then smaller
 * id), so the batch does not depend on how the pool is split into parts (the bit-determinism
 * contract in docs/math.md).
 */
public final class GreedyLoop {
    private GreedyLoop() {
    }

    /** Where the candidates' states live. */
    public interface StateStore {
        /**
         * Builds every part's state: the initial state advanced by the replayed messages of the
         * saved picks (none for a fresh run).
         *
         * @return each part's best candidate of its state (null for an empty part)
         */
        List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds, List<StepMessage> replayed);

        /**
         * Applies the message of pick {@code t} (0-based) to every part's state.
         *
         * @return each part's best candidate of its new state
         */
        List<Pick> step(int t, String pickedId, StepMessage message);

        /** Releases the states. */
        void close();
    }

    /** Told about the loop's progress. */
    public interface Listener {
        /**
         * After forward pick {@code t} (0-based) and the step it caused.
         *
         * @param forward      the forward picks of the batch
         * @param forwardSoFar the forward picks so far, saved ones first
         */
        void picked(int t, int forward, List<Pick> forwardSoFar);
    }

    /**
     * A greedy batch of k, continuing from {@code saved} forward picks (none: a fresh run).
     *
     * @return the final batch (after the driver's {@code finish}), in pick order
     */
    public static List<Pick> run(StateStore store, GreedyDriver driver, int k, List<Pick> saved,
                                 List<? extends Listener> listeners) {
        GreedyObjective objective = driver.objective();
        int forward = driver.forwardPicks(k);
        List<StepMessage> replayed = GreedyResume.replay(driver, saved, forward);
        List<Pick> picks = new ArrayList<>(saved);
        try {
            List<Pick> bests = picks.size() < forward
                    ? store.start(objective, forward, GreedyResume.ids(saved), replayed) : List.of();
            for (int t = picks.size(); t < forward; t++) {
                Pick best = null;
                for (Pick p : bests) {
                    best = Pick.best(best, p);
                }
                if (best == null) {
                    break;
                }
                picks.add(best);
                if (t + 1 < forward) {
                    bests = store.step(t, best.id, driver.afterPick(best));
                }
                for (Listener l : listeners) {
                    l.picked(t, forward, picks);
                }
            }
        } finally {
            store.close();
        }
        return driver.finish(picks, k);
    }
}
