package io.fisherselect.math.plan;

import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.Conditioning;
import io.fisherselect.math.select.GreedyDriver;
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

    /**
     * The batch in pick order: id and gain (top-k methods: the item's score). Pending items
     * ({@link PlanInputs#pending}) are never picked; batch-aware methods condition on them.
     * Under {@link PlanInputs#quota} every method keeps its class caps.
     */
    public static List<TopK.Scored> select(SelectionParams p, PlanInputs in, List<CandidateBlock> blocks) {
        blocks = withoutPending(blocks, in.pending());
        if (p.method().kind() == AcquisitionMethod.Kind.CLUSTERED) {
            if (in.quota() != null) {
                throw new IllegalArgumentException(p.method().cliName() + " takes no class caps: its round robin"
                        + " over clusters ignores the predicted classes");
            }
            return ClusterMargin.select(blocks, p.k(), p.seed(), ClusterMargin.Settings.defaults());
        }
        ClassQuota quota = in.quota();
        if (p.method().kind() != AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> out = new ArrayList<>();
            GreedyDriver driver = MethodPlans.greedy(p, in);
            Conditioning pending = MethodPlans.conditioning(p, in, driver);
            for (Pick pick : GreedySelector.select(blocks, driver, p.k(), quota, pending)) {
                out.add(new TopK.Scored(pick.id, pick.gain, pick.cls));
            }
            return out;
        }
        ItemScore score = MethodPlans.score(p, in);
        if (p.sampling() == null) {
            List<List<TopK.Scored>> parts = new ArrayList<>();
            for (CandidateBlock b : blocks) {
                parts.add(TopK.ofBlock(b, score, p.k(), quota));
            }
            return TopK.merge(parts, p.k(), quota);
        }
        List<TopK.Scored> all = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            all.addAll(scores(b, score, quota));
        }
        return StochasticAcquisition.sample(all, p.sampling(), p.beta(), p.seed(), p.k(), quota);
    }

    /** The blocks without the pending items' rows (the blocks themselves when there are none). */
    public static List<CandidateBlock> withoutPending(List<CandidateBlock> blocks, CandidateBlock pending) {
        if (pending == null) {
            return blocks;
        }
        java.util.Set<String> drop = new java.util.HashSet<>(java.util.Arrays.asList(pending.ids));
        List<CandidateBlock> out = new ArrayList<>(blocks.size());
        for (CandidateBlock b : blocks) {
            java.util.Set<String> keep = new java.util.HashSet<>();
            for (String id : b.ids) {
                if (!drop.contains(id)) {
                    keep.add(id);
                }
            }
            out.add(keep.size() == b.n ? b : b.subset(keep));
        }
        return out;
    }

    /** Every item's score of a block, in row order. */
    public static List<TopK.Scored> scores(CandidateBlock b, ItemScore score) {
        return scores(b, score, null);
    }

    /** Every item's score of a block, in row order, with its class under a quota (else −1). */
    public static List<TopK.Scored> scores(CandidateBlock b, ItemScore score, ClassQuota quota) {
        double[] scratch = new double[score.scratchSize()];
        List<TopK.Scored> out = new ArrayList<>(b.n);
        for (int i = 0; i < b.n; i++) {
            out.add(new TopK.Scored(b.ids[i], score.score(b, i, scratch), quota == null ? -1 : quota.classOf(b, i)));
        }
        return out;
    }
}
