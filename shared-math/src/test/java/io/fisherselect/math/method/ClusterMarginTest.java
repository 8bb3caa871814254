package io.fisherselect.math.method;

import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.ItemUniform;
import io.fisherselect.math.testing.RandomProblems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cluster-Margin against a line-by-line transcription of the published Algorithm 1 (Citovsky et
 * al. 2021): same clusters and the same random draws give the same picks.
 */
class ClusterMarginTest {
    private static final FactorSpec SPEC = SelectionParams.of(AcquisitionMethod.MARGIN, 1).factorSpec();

    /**
     * Algorithm 1, one round: M = the k_m examples of lowest margin (sorted ascending, ties by id);
     * C_M = M's clusters sorted by ascending size (ties: smaller label); i = 0; while |P| &lt; k: if
     * C_i has an unselected example, select one uniformly at random (here: the unselected one with
     * the smallest u(seed, draw stream, id)); i = (i + 1) mod |C_M|.
     */
    static List<String> published(RandomProblems pool, Map<String, Integer> clusterOf, int k, int km, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < pool.n; i++) {
            idx.add(i);
        }
        double[] margin = new double[pool.n];
        for (int i = 0; i < pool.n; i++) {
            double[] p = pool.probs[i].clone();
            java.util.Arrays.sort(p);
            margin[i] = p[p.length - 1] - p[p.length - 2];
        }
        idx.sort((a, b) -> margin[a] != margin[b] ? Double.compare(margin[a], margin[b])
                : pool.ids[a].compareTo(pool.ids[b]));
        Map<Integer, List<String>> byCluster = new HashMap<>();
        for (int i : idx.subList(0, km)) {
            byCluster.computeIfAbsent(clusterOf.get(pool.ids[i]), c -> new ArrayList<>()).add(pool.ids[i]);
        }
        List<Integer> labels = new ArrayList<>(byCluster.keySet());
        labels.sort((a, b) -> byCluster.get(a).size() != byCluster.get(b).size()
                ? Integer.compare(byCluster.get(a).size(), byCluster.get(b).size()) : Integer.compare(a, b));
        List<String> picked = new ArrayList<>();
        int i = 0;
        while (picked.size() < k) {
            List<String> unselected = byCluster.get(labels.get(i));
            if (!unselected.isEmpty()) {
                String draw = null;
                for (String id : unselected) {
                    if (draw == null || u(seed, id) < u(seed, draw)) {
                        draw = id;
                    }
                }
                unselected.remove(draw);
                picked.add(draw);
            }
            i = (i + 1) % labels.size();
        }
        return picked;
    }

    private static double u(long seed, String id) {
        return ItemUniform.uniform(seed, ClusterMargin.STREAM_DRAW, id);
    }

    private static List<String> ids(List<TopK.Scored> s) {
        return s.stream().map(TopK.Scored::id).toList();
    }

    @Test
    void samePicksAsThePublishedProcedureForTheSameClusters() {
        for (long seed = 0; seed < 60; seed++) {
            Random rnd = new Random(seed);
            RandomProblems pool = RandomProblems.classification(seed, "p", 20 + rnd.nextInt(60), 3, 2 + rnd.nextInt(4));
            int km = 1 + rnd.nextInt(pool.n);
            int k = 1 + rnd.nextInt(km);
            int clusters = 1 + rnd.nextInt(8);
            Map<String, Integer> clusterOf = new HashMap<>();
            for (String id : pool.ids) {
                clusterOf.put(id, rnd.nextInt(clusters) * 7);
            }
            List<TopK.Scored> got = ClusterMargin.select(pool.blocks(SPEC, 3), k, km, clusterOf, seed);
            assertEquals(published(pool, clusterOf, k, km, seed), ids(got), "seed " + seed);
        }
    }

    @Test
    void withAverageLinkageClustersTooAndForAnyPartitioningAndRowOrder() {
        for (long seed = 0; seed < 20; seed++) {
            RandomProblems pool = RandomProblems.classification(100 + seed, "p", 60, 3, 4);
            CandidateBlock all = pool.block(SPEC);
            Map<String, Integer> clusterOf = ClusterMargin.clusters(all, 6, Double.POSITIVE_INFINITY);
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < all.n; i++) {
                perm.add(i);
            }
            Collections.shuffle(perm, new Random(seed));
            CandidateBlock shuffled = all.rows(perm.stream().mapToInt(Integer::intValue).toArray());
            assertEquals(clusterOf, ClusterMargin.clusters(shuffled, 6, Double.POSITIVE_INFINITY));
            assertEquals(6, new java.util.HashSet<>(clusterOf.values()).size());
            List<String> expected = published(pool, clusterOf, 10, 30, seed);
            assertEquals(expected, ids(ClusterMargin.select(List.of(all), 10, 30, clusterOf, seed)));
            assertEquals(expected, ids(ClusterMargin.select(pool.blocks(SPEC, 4), 10, 30, clusterOf, seed)));
            assertEquals(expected, ids(ClusterMargin.select(List.of(shuffled), 10, 30, clusterOf, seed)));
        }
    }

    @Test
    void shortlistOfKIsMarginsTopK() {
        RandomProblems pool = RandomProblems.classification(9, "p", 50, 3, 4);
        Map<String, Integer> clusterOf = new HashMap<>();
        for (int i = 0; i < pool.n; i++) {
            clusterOf.put(pool.ids[i], i % 5);
        }
        List<TopK.Scored> cm = ClusterMargin.select(List.of(pool.block(SPEC)), 12, 12, clusterOf, 3);
        List<TopK.Scored> margin = InMemorySelector.select(SelectionParams.of(AcquisitionMethod.MARGIN, 12),
                PlanInputs.shape(pool.d, pool.c, pool.block(SPEC).r), List.of(pool.block(SPEC)));
        assertEquals(new java.util.HashSet<>(ids(margin)), new java.util.HashSet<>(ids(cm)));
    }

    @Test
    void theDrawWithinAClusterIsUniform() {
        // one cluster of 4 shortlisted items: over many seeds each is drawn first about equally often
        List<ClusterMargin.Member> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(new ClusterMargin.Member("m" + i, -0.1, 0));
        }
        int[] first = new int[4];
        int seeds = 4000;
        for (long seed = 0; seed < seeds; seed++) {
            first[Integer.parseInt(ClusterMargin.roundRobin(members, 1, seed).get(0).id().substring(1))]++;
        }
        for (int c : first) {
            // mean 1000, sd ≈ 27: six sd either side
            assertTrue(Math.abs(c - seeds / 4) < 165, java.util.Arrays.toString(first));
        }
        assertThrows(IllegalArgumentException.class, () -> ClusterMargin.roundRobin(members, 5, 0));
    }
}
