package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/**
 * Resuming a greedy selection from saved picks (a checkpoint of a killed run) so that the rest of
 * the selection is bit-identical to an uninterrupted run:
 * <ol>
 *   <li>the driver replays {@link GreedyDriver#afterPick} for the saved picks in order (each
 *       {@link Pick} carries the embedding, factor and state row the driver reads), which
 *       rebuilds its matrices — including any re-factorisation, which happens at the same pick
 *       counts — and gives the same {@link StepMessage}s as the uninterrupted run;</li>
 *   <li>each block's state is brought forward from its initial state by applying those messages
 *       in order ({@link #advance}), i.e. exactly the {@link BlockState#next} calls of the
 *       uninterrupted run, fused into one pass over the block.</li>
 * </ol>
 * Both selectors (in memory and distributed) use these two methods.
 */
public final class GreedyResume {
    private GreedyResume() {
    }

    /**
     * The messages of the saved picks: {@code afterPick} for each of them, except the last when it
     * completes the forward picks (the uninterrupted run does not broadcast that one either).
     *
     * @param forward {@link GreedyDriver#forwardPicks} of the batch
     */
    public static List<StepMessage> replay(GreedyDriver driver, List<Pick> saved, int forward) {
        if (saved.size() > forward) {
            throw new IllegalArgumentException("the checkpoint holds " + saved.size() + " picks, but this selection makes "
                    + forward);
        }
        List<StepMessage> out = new ArrayList<>(saved.size());
        for (int t = 0; t < saved.size() && t + 1 < forward; t++) {
            out.add(driver.afterPick(saved.get(t)));
        }
        return out;
    }

    /** A block's state after the saved picks: {@code state.next(pick t, message t)} for each message. */
    public static BlockState advance(CandidateBlock block, GreedyObjective objective, BlockState state,
                                     List<String> pickedIds, List<StepMessage> messages) {
        BlockState s = state;
        for (int t = 0; t < messages.size(); t++) {
            s = s.next(block, objective, pickedIds.get(t), messages.get(t));
        }
        return s;
    }

    /** The ids of the picks, in order. */
    public static List<String> ids(List<Pick> picks) {
        List<String> out = new ArrayList<>(picks.size());
        for (Pick p : picks) {
            out.add(p.id);
        }
        return out;
    }
}
