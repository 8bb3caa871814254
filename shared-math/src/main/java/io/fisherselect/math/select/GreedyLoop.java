package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The one greedy loop, for blocks in memory and for a pool on Spark alike: the driver
 * ({@link GreedyDriver}) turns each pick into a {@link StepMessage}, and a {@link StateStore} —
 * a list of block states in memory ({@link BlockStates}), an RDD of partitions on Spark — applies
 * it to every candidate's state and returns the best candidate of each part. Resuming from saved
 * picks is the same loop started from the replayed states ({@link GreedyResume}); items still at the
 * annotators enter the same way before the first pick ({@link Conditioning}); caps per predicted
 * class ({@link ClassQuota}) skip the candidates of full classes; saving progress, timing and
 * logging are {@link Listener}s.
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
         * pending items and the saved picks (none for a fresh run).
         *
         * @param caps the classes of the candidates (null: no caps)
         * @param full the classes that hold their cap already (null: none)
         * @return each part's best candidate of its state not in a full class (null for an empty part)
         */
        List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds, List<StepMessage> replayed,
                         ClassQuota caps, boolean[] full);

        /**
         * Applies the message of pick {@code t} (0-based) to every part's state.
         *
         * @param full the classes that hold their cap after the pick (null: none)
         * @return each part's best candidate of its new state not in a full class
         */
        List<Pick> step(int t, String pickedId, StepMessage message, boolean[] full);

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
        return run(store, driver, k, saved, listeners, null, Conditioning.none());
    }

    /**
     * A greedy batch of k under class caps, after pending items, continuing from {@code saved}
     * forward picks. Under caps, a pick is the best candidate of a class that is not full yet —
     * the greedy step under a partition-matroid constraint (docs/math.md "Class-balanced batches").
     *
     * @param quota   caps per predicted class (null: none)
     * @param pending items at the annotators already entered into {@code driver} ({@link Conditioning})
     */
    public static List<Pick> run(StateStore store, GreedyDriver driver, int k, List<Pick> saved,
                                 List<? extends Listener> listeners, ClassQuota quota, Conditioning pending) {
        GreedyObjective objective = driver.objective();
        int forward = driver.forwardPicks(k);
        Conditioning entered = pending.then(GreedyResume.ids(saved), GreedyResume.replay(driver, saved, forward));
        ClassQuota caps = quota == null ? null : driver.forwardQuota(quota);
        ClassQuota.Tally tally = caps == null ? null : caps.tally();
        if (tally != null) {
            for (Pick p : saved) {
                tally.add(p.cls);
            }
        }
        List<Pick> picks = new ArrayList<>(saved);
        try {
            List<Pick> bests = picks.size() < forward
                    ? store.start(objective, forward, entered.ids(), entered.messages(), caps,
                    tally == null ? null : tally.full()) : List.of();
            for (int t = picks.size(); t < forward; t++) {
                Pick best = null;
                for (Pick p : bests) {
                    best = Pick.best(best, p);
                }
                if (best == null) {
                    break;
                }
                picks.add(best);
                if (tally != null) {
                    tally.add(best.cls);
                }
                if (t + 1 < forward) {
                    bests = store.step(t, best.id, driver.afterPick(best), tally == null ? null : tally.full());
                }
                for (Listener l : listeners) {
                    l.picked(t, forward, picks);
                }
            }
        } finally {
            store.close();
        }
        return quota == null ? driver.finish(picks, k) : driver.finish(picks, k, quota);
    }
}
