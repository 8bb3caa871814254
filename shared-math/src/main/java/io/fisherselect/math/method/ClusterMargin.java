package io.fisherselect.math.method;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
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

    /**
     * The settings of Cluster-Margin; 0 means the default.
     *
     * @param clusters    clusters of the pool's embeddings (0: k)
     * @param shortlist   k_m, the lowest-margin items the batch is drawn from (0: min(N, 10·k))
     * @param distance    average-linkage clustering stops before merging clusters farther apart than
     *                    this (the paper's ε; 0: no limit, only {@code clusters})
     */
    public record Settings(int clusters, int shortlist, double distance) implements Serializable {
        public Settings {
            if (clusters < 0 || shortlist < 0) {
                throw new IllegalArgumentException("clusters and shortlist must be ≥ 0 (0: default), got " + clusters
                        + ", " + shortlist);
            }
            if (!(distance >= 0)) {
                throw new IllegalArgumentException("the cluster distance must be ≥ 0 (0: no limit), got " + distance);
            }
        }

        public static Settings defaults() {
            return new Settings(0, 0, 0.0);
        }

        /** The number of clusters for a batch of k. */
        public int clusters(int k) {
            return clusters > 0 ? clusters : k;
        }

        /** k_m for a batch of k from a pool of n. */
        public int shortlist(int k, long n) {
            return shortlist > 0 ? (int) Math.min(n, shortlist) : defaultShortlist(k, n);
        }

        /** ε of the average-linkage cut (+∞ for none). */
        public double maxDistance() {
            return distance > 0 ? distance : Double.POSITIVE_INFINITY;
        }
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
        int[] order = TwoLevelClustering.idOrder(block.ids);
        double[] x = TwoLevelClustering.rows(block.phi, block.d, order);
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
        return batch(shortlist(blocks, shortlist), clusterOf, k, seed);
    }

    /**
     * The whole method in memory with the settings: average-linkage clusters of the blocks'
     * embeddings, then {@link #select}.
     */
    public static List<TopK.Scored> select(List<CandidateBlock> blocks, int k, long seed, Settings s) {
        CandidateBlock all = CandidateBlock.concat(blocks);
        return select(blocks, k, s.shortlist(k, all.n), clusters(all, s.clusters(k), s.maxDistance()), seed);
    }

    /** The batch from a shortlist (lowest margin first) and its items' clusters, in selection order. */
    public static List<TopK.Scored> batch(List<TopK.Scored> shortlist, Map<String, Integer> clusterOf, int k,
                                          long seed) {
        List<Member> members = new ArrayList<>();
        for (TopK.Scored s : shortlist) {
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
