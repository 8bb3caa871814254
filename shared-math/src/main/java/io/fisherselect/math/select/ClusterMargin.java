package io.fisherselect.math.select;

import io.fisherselect.math.cluster.AverageLinkage;
import io.fisherselect.math.sample.ItemUniform;
import io.fisherselect.math.score.PredictionScores;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster-Margin (Citovsky et al., NeurIPS 2021, "Batch Active Learning at Scale", Algorithm 1):
 * the pool's embeddings are clustered once; a batch of k is then
 * <ol>
 *   <li>the shortlist M: the k_m items of smallest margin π_top1 − π_top2 ({@link #shortlist},
 *       the top-k_m of {@link PredictionScores#margin}, ties by smaller id);</li>
 *   <li>M's items grouped by their cluster, the groups sorted from the smallest to the largest
 *       (ties: smaller cluster label);</li>
 *   <li>round robin over the sorted groups: the next group that still has an unselected item
 *       gives one, drawn uniformly at random, until k are selected ({@link #roundRobin}).</li>
 * </ol>
 * The draw within a group takes its items in increasing order of u(seed, {@link #STREAM_DRAW}, id):
 * a uniformly random order that depends only on the seed and the ids, so the batch does not
 * depend on the partitioning or row order. No objective is maximised and there is no
 * approximation guarantee for this procedure itself (the paper analyses a variant,
 * Cluster-MarginV); with k_m = k it is margin's top-k.
 */
public final class ClusterMargin {
    /** stream of the uniform draws within a cluster */
    public static final long STREAM_DRAW = 0x434C55534D520000L;
    /** default k_m / k */
    public static final int DEFAULT_SHORTLIST_FACTOR = 10;

    private ClusterMargin() {
    }

    /** An item of the shortlist: its id, its margin score (−margin) and its cluster label. */
    public record Member(String id, double score, int cluster) implements Serializable {
    }

    /** k_m = min(pool, 10·k) by default. */
    public static int defaultShortlist(int k, long pool) {
        return (int) Math.min(pool, (long) DEFAULT_SHORTLIST_FACTOR * k);
    }

    /** The k_m lowest-margin items of the blocks, lowest margin first (score −margin, ties by smaller id). */
    public static List<TopK.Scored> shortlist(List<CandidateBlock> blocks, int shortlist) {
        List<List<TopK.Scored>> parts = new ArrayList<>();
        for (CandidateBlock b : blocks) {
            parts.add(TopK.ofBlock(b, PredictionScores.margin(), shortlist));
        }
        return TopK.merge(parts, shortlist);
    }

    /**
     * The batch of k from the shortlist's members by round robin over their clusters, smallest
     * cluster first; in selection order.
     */
    public static List<Member> roundRobin(List<Member> shortlist, int k, long seed) {
        if (k > shortlist.size()) {
            throw new IllegalArgumentException("cluster-margin: k = " + k + " is larger than the shortlist ("
                    + shortlist.size() + " items); raise the shortlist size");
        }
        double[] key = new double[shortlist.size()];
        Integer[] drawOrder = new Integer[shortlist.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = ItemUniform.uniform(seed, STREAM_DRAW, shortlist.get(i).id());
            drawOrder[i] = i;
        }
        Arrays.sort(drawOrder, Comparator.comparingDouble((Integer i) -> key[i])
                .thenComparing(i -> shortlist.get(i).id()));
        Map<Integer, List<Member>> groups = new HashMap<>();
        for (int i : drawOrder) {
            Member m = shortlist.get(i);
            groups.computeIfAbsent(m.cluster(), c -> new ArrayList<>()).add(m);
        }
        List<List<Member>> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingInt((List<Member> g) -> g.size()).thenComparingInt(g -> g.get(0).cluster()));
        List<Member> out = new ArrayList<>(k);
        for (int pass = 0; out.size() < k; pass++) {
            for (List<Member> g : sorted) {
                if (pass < g.size()) {
                    out.add(g.get(pass));
                    if (out.size() == k) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Average-linkage clusters of a block's embeddings φ ({@link AverageLinkage}), labelled by id:
     * the rows are clustered in id order, so the labels do not depend on the row order.
     */
    public static Map<String, Integer> clusters(CandidateBlock block, int clusters, double maxDistance) {
        Integer[] order = new Integer[block.n];
        for (int i = 0; i < block.n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> block.ids[i]));
        double[] x = new double[block.n * block.d];
        for (int j = 0; j < block.n; j++) {
            System.arraycopy(block.phi, order[j] * block.d, x, j * block.d, block.d);
        }
        int[] label = AverageLinkage.cluster(x, block.n, block.d, clusters, maxDistance);
        Map<String, Integer> out = new HashMap<>();
        for (int j = 0; j < block.n; j++) {
            out.put(block.ids[order[j]], label[j]);
        }
        return out;
    }

    /**
     * The whole method on blocks in memory, given each item's cluster: the batch in selection
     * order, each with its margin score.
     */
    public static List<TopK.Scored> select(List<CandidateBlock> blocks, int k, int shortlist,
                                           Map<String, Integer> clusterOf, long seed) {
        List<Member> members = new ArrayList<>();
        for (TopK.Scored s : shortlist(blocks, shortlist)) {
            Integer c = clusterOf.get(s.id());
            if (c == null) {
                throw new IllegalArgumentException("cluster-margin: item '" + s.id() + "' has no cluster");
            }
            members.add(new Member(s.id(), s.score(), c));
        }
        List<TopK.Scored> out = new ArrayList<>(k);
        for (Member m : roundRobin(members, k, seed)) {
            out.add(new TopK.Scored(m.id(), m.score()));
        }
        return out;
    }
}
