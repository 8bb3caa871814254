package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The greedy's states held in memory: one {@link BlockState} per block, stepped in place.
 *
 * <p>With {@link StepCandidates}, every step's best is taken among the unpicked items they accept
 * (stochastic greedy's random sample, {@link MultiRoundGreedy}); when they accept none, among all
 * unpicked items. Every item's state is still updated after every pick, so the gains compared
 * are the exact marginal gains.
 */
public final class BlockStates implements GreedyLoop.StateStore {
    private final List<CandidateBlock> blocks;
    private final StepCandidates candidates;
    private final long items;
    private ClassQuota caps;
    private final List<BlockState> states = new ArrayList<>();
    private GreedyObjective objective;

    /**
     * The candidates a forward step may pick from: a subset of the unpicked items (e.g. the random
     * sample of stochastic greedy).
     */
    public interface StepCandidates {
        /** Whether item {@code id} may be picked at forward step {@code step} (0-based) with {@code unpicked} items left. */
        boolean eligible(int step, long unpicked, String id);
    }

    public BlockStates(List<CandidateBlock> blocks) {
        this(blocks, null);
    }

    /** @param candidates what each step may pick from (null: every unpicked item) */
    public BlockStates(List<CandidateBlock> blocks, StepCandidates candidates) {
        this.blocks = List.copyOf(blocks);
        this.candidates = candidates;
        long n = 0;
        for (CandidateBlock b : blocks) {
            n += b.n;
        }
        this.items = n;
    }

    @Override
    public List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds,
                            List<StepMessage> replayed, ClassQuota caps, boolean[] full) {
        this.objective = objective;
        this.caps = caps;
        states.clear();
        for (CandidateBlock b : blocks) {
            states.add(GreedyResume.advance(b, objective, BlockState.initial(b, objective), savedIds, replayed));
        }
        return bests(savedIds.size(), full);
    }

    @Override
    public List<Pick> step(int t, String pickedId, StepMessage message, boolean[] full) {
        for (int i = 0; i < blocks.size(); i++) {
            states.set(i, states.get(i).next(blocks.get(i), objective, pickedId, message));
        }
        return bests(t + 1, full);
    }

    /** Each block's best candidate for forward step {@code step}, none of a class in {@code full}. */
    private List<Pick> bests(int step, boolean[] full) {
        List<Pick> out = new ArrayList<>(blocks.size());
        if (candidates != null) {
            long unpicked = items - step;
            boolean any = false;
            for (int i = 0; i < blocks.size(); i++) {
                Pick p = states.get(i).best(blocks.get(i), objective,
                        id -> candidates.eligible(step, unpicked, id), caps, full);
                any |= p != null;
                out.add(p);
            }
            if (any) {
                return out;
            }
            out.clear();
        }
        for (int i = 0; i < blocks.size(); i++) {
            out.add(states.get(i).best(blocks.get(i), objective, null, caps, full));
        }
        return out;
    }

    @Override
    public void close() {
        states.clear();
    }
}
