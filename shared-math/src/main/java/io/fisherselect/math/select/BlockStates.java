package io.fisherselect.math.select;

import java.util.ArrayList;
import java.util.List;

/** The greedy's states held in memory: one {@link BlockState} per block, stepped in place. */
public final class BlockStates implements GreedyLoop.StateStore {
    private final List<CandidateBlock> blocks;
    private final List<BlockState> states = new ArrayList<>();
    private GreedyObjective objective;

    public BlockStates(List<CandidateBlock> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    @Override
    public List<Pick> start(GreedyObjective objective, int forward, List<String> savedIds,
                            List<StepMessage> replayed) {
        this.objective = objective;
        states.clear();
        for (CandidateBlock b : blocks) {
            states.add(GreedyResume.advance(b, objective, BlockState.initial(b, objective), savedIds, replayed));
        }
        return bests();
    }

    @Override
    public List<Pick> step(int t, String pickedId, StepMessage message) {
        for (int i = 0; i < blocks.size(); i++) {
            states.set(i, states.get(i).next(blocks.get(i), objective, pickedId, message));
        }
        return bests();
    }

    private List<Pick> bests() {
        List<Pick> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            out.add(states.get(i).best(blocks.get(i), objective));
        }
        return out;
    }

    @Override
    public void close() {
        states.clear();
    }
}
