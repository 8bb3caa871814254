package io.fisherselect.math.select;

import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Two-round distributed greedy (GreeDi, Mirzasoleiman et al. 2013, "Distributed Submodular
 * Maximization"): every partition runs the in-memory greedy ({@link GreedySelector}) for k′ picks
 * on its own rows ({@link #local}); the driver runs the same greedy for k over the union of those
 * picks ({@link #merge}). For a monotone submodular objective the result is within a constant
 * factor of the centralised greedy; in general it is a heuristic. One round trip instead of one
 * Spark job per pick; the driver's greedy costs O(m·k′) candidates per pick for m partitions.
 *
 * <p>With a single partition (and k′ = k) the local greedy already is the centralised greedy and
 * its picks are returned as they are (GreeDi keeps the best local solution when it is better than
 * the merged one; with one partition they coincide).
 */
public final class PartitionedGreedy {
    private PartitionedGreedy() {
    }

    /** One partition's result: its picks (with local gains) and the block of the picked rows. */
    public record Local(List<Pick> picks, CandidateBlock picked) implements java.io.Serializable {
    }

    /**
     * The greedy for k′ picks over one block; a block of at most k′ rows is kept whole (no
     * selection needed, picks empty).
     *
     * @param p the selection's parameters; the local run uses k′ as its batch size
     */
    public static Local local(CandidateBlock block, SelectionParams p, PlanInputs in, int kPrime) {
        if (block.n <= kPrime) {
            return new Local(List.of(), block);
        }
        List<Pick> picks = GreedySelector.select(List.of(block), MethodPlans.greedy(p.withK(kPrime), in), kPrime);
        Set<String> keep = new HashSet<>();
        for (Pick pk : picks) {
            keep.add(pk.id);
        }
        List<Pick> slim = new ArrayList<>();
        for (Pick pk : picks) {
            slim.add(new Pick(pk.id, pk.gain, null, null, null));
        }
        return new Local(slim, block.subset(keep));
    }

    /** The final greedy for k over the union of the partitions' picks (in partition order). */
    public static List<Pick> merge(List<Local> locals, SelectionParams p, PlanInputs in, int kPrime) {
        List<CandidateBlock> nonEmpty = new ArrayList<>();
        for (Local l : locals) {
            if (l.picked().n > 0) {
                nonEmpty.add(l.picked());
            }
        }
        if (nonEmpty.size() == 1 && kPrime == p.k() && locals.stream().anyMatch(l -> !l.picks().isEmpty())) {
            for (Local l : locals) {
                if (!l.picks().isEmpty()) {
                    return l.picks();
                }
            }
        }
        CandidateBlock union = CandidateBlock.concat(nonEmpty);
        if (union.n < p.k()) {
            throw new IllegalArgumentException("partitioned greedy: the partitions' picks are only " + union.n
                    + " items, fewer than k = " + p.k() + "; raise --partition-k (k′ = " + kPrime + ")");
        }
        return GreedySelector.select(List.of(union), MethodPlans.greedy(p, in), p.k());
    }
}
