package io.fisherselect.math.plan;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.TopK;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.score.ItemScore;
import java.util.ArrayList;
import java.util.List;

/**
 * Every method on blocks held in memory: the reference the distributed selector must match, and
 * the selector for pools that fit on one machine.
 */
public final class InMemorySelector {
    private InMemorySelector() {
    }

    /** The batch in pick order: id and gain (top-k methods: the item's score). */
    public static List<TopK.Scored> select(SelectionParams p, PlanInputs in, List<CandidateBlock> blocks) {
        if (p.method().kind() != AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> out = new ArrayList<>();
            for (Pick pick : GreedySelector.select(blocks, MethodPlans.greedy(p, in), p.k())) {
                out.add(new TopK.Scored(pick.id, pick.gain));
            }
            return out;
        }
        ItemScore score = MethodPlans.score(p, in);
        if (p.sampling() == null) {
            List<List<TopK.Scored>> parts = new ArrayList<>();
            for (CandidateBlock b : blocks) {
                parts.add(TopK.ofBlock(b, score, p.k()));
            }
            return TopK.merge(parts, p.k());
        }
        List<TopK.Scored> all = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            all.addAll(scores(b, score));
        }
        return StochasticAcquisition.sample(all, p.sampling(), p.beta(), p.seed(), p.k());
    }

    /** Every item's score of a block, in row order. */
    public static List<TopK.Scored> scores(CandidateBlock b, ItemScore score) {
        double[] scratch = new double[score.scratchSize()];
        List<TopK.Scored> out = new ArrayList<>(b.n);
        for (int i = 0; i < b.n; i++) {
            out.add(new TopK.Scored(b.ids[i], score.score(b, i, scratch)));
        }
        return out;
    }
}
