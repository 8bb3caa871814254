package io.fisherselect.math.select;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Items still at the annotators, entered into a greedy selection as if they had been picked before
 * it: the driver's {@link GreedyDriver#afterPick} runs for each of them, in order, and every
 * candidate block applies the resulting messages to its initial state ({@link GreedyResume#advance})
 * before the first real pick. Selecting k₂ after k₁ pending items is then the greedy selection of
 * k₁ + k₂ continued after its first k₁ picks. The LogDet family and BADGE condition this way
 * (their objective depends on the batch, not on labels); the Fisher methods add the pending items'
 * Fisher information to H instead ({@link io.fisherselect.math.plan.PlanInputs#conditionedFisherSum}), which under the
 * Laplace approximation of a GLM last layer is the posterior precision after labeling them
 * (paper §4: the Hessian does not depend on the labels).
 *
 * @param ids      the pending items' ids, in the order they were entered
 * @param messages the driver's message after each of them
 */
public record Conditioning(List<String> ids, List<StepMessage> messages) implements Serializable {

    public static Conditioning none() {
        return new Conditioning(List.of(), List.of());
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    /**
     * Enters every row of {@code pending} into {@code driver}, in row order; each row's pick
     * carries its state after the rows before it, exactly as if the greedy had picked it there.
     */
    public static Conditioning of(GreedyDriver driver, CandidateBlock pending) {
        if (pending == null || pending.n == 0) {
            return none();
        }
        GreedyObjective objective = driver.objective();
        BlockState state = BlockState.initial(pending, objective);
        List<String> ids = new ArrayList<>(pending.n);
        List<StepMessage> messages = new ArrayList<>(pending.n);
        for (int row = 0; row < pending.n; row++) {
            Pick p = state.pick(pending, objective, row, null);
            StepMessage m = driver.afterPick(p);
            ids.add(p.id);
            messages.add(m);
            state = state.next(pending, objective, p.id, m);
        }
        return new Conditioning(List.copyOf(ids), List.copyOf(messages));
    }

    /** These entries followed by {@code more} (e.g. a checkpoint's replayed picks). */
    public Conditioning then(List<String> moreIds, List<StepMessage> moreMessages) {
        List<String> i = new ArrayList<>(ids);
        i.addAll(moreIds);
        List<StepMessage> m = new ArrayList<>(messages);
        m.addAll(moreMessages);
        return new Conditioning(i, m);
    }

    /** A block's state after these entries (pending ids in the block are marked as picked). */
    public BlockState advance(CandidateBlock block, GreedyObjective objective) {
        return GreedyResume.advance(block, objective, BlockState.initial(block, objective), ids, messages);
    }
}
