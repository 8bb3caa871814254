package io.fisherselect.job.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.math.method.AverageLinkage;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.method.TwoLevelClustering;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The large-K clustering of {@code cluster-margin} on Spark: the fine step against a transcription
 * of its definition on random coarse groups (every fine cluster inside one group, Σ K_g = K, each
 * group's labels average linkage on that group alone in id order, labels unique across groups, the
 * same for 1 and 3 partitions); the whole two-level path on a small pool with few coarse groups.
 */
class DistributedClusterMarginTest {

    static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    }

    @Test
    void fineStepIsAverageLinkageWithinEachCoarseGroup() {
        JavaSparkContext sc = sc();
        for (int seed = 0; seed < 12; seed++) {
            Random rnd = new Random(300 + seed);
            int n = 8 + rnd.nextInt(50);
            int d = 1 + rnd.nextInt(3);
            int groups = 1 + rnd.nextInt(5);
            List<Tuple2<Integer, Tuple2<String, double[]>>> points = new ArrayList<>();
            // coarse group labels need not be 0 … G−1
            Map<Integer, List<Tuple2<String, double[]>>> byGroup = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                int g = 7 * (i < groups ? i : rnd.nextInt(groups));
                double[] phi = new double[d];
                for (int t = 0; t < d; t++) {
                    phi[t] = rnd.nextGaussian();
                }
                Tuple2<String, double[]> p = new Tuple2<>("id" + rnd.nextInt(1000) + "_" + i, phi);
                points.add(new Tuple2<>(g, p));
                byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(p);
            }
            int k = groups + rnd.nextInt(n - groups + 1);
            Set<String> all = new HashSet<>();
            points.forEach(p -> all.add(p._2()._1()));

            // the definition: K_g by apportion, each group's points in id order, average linkage, offsets
            long[] sizes = byGroup.values().stream().mapToLong(List::size).toArray();
            int[] share = TwoLevelClustering.apportion(sizes, k);
            Map<String, Integer> expected = new HashMap<>();
            int offset = 0;
            int g = 0;
            for (List<Tuple2<String, double[]>> members : byGroup.values()) {
                List<Tuple2<String, double[]>> sorted = new ArrayList<>(members);
                sorted.sort((a, b) -> a._1().compareTo(b._1()));
                double[] x = new double[sorted.size() * d];
                for (int j = 0; j < sorted.size(); j++) {
                    System.arraycopy(sorted.get(j)._2(), 0, x, j * d, d);
                }
                int[] label = AverageLinkage.cluster(x, sorted.size(), d, share[g], Double.POSITIVE_INFINITY);
                for (int j = 0; j < sorted.size(); j++) {
                    expected.put(sorted.get(j)._1(), offset + label[j]);
                }
                offset += share[g++];
            }
            assertEquals(k, offset);

            for (int partitions : new int[] {1, 3}) {
                JavaPairRDD<Integer, Tuple2<String, double[]>> rdd = sc.parallelizePairs(points, partitions);
                Broadcast<Set<String>> wanted = sc.broadcast(all);
                Map<String, Integer> got = new HashMap<>();
                DistributedClusterMargin.fineLabels(sc, rdd, wanted, k, seed, "test")
                        .forEach(t -> got.put(t._1(), t._2()));
                assertEquals(expected, got, "seed " + seed + ", " + partitions + " partitions");
            }
            // the structure, independently of the transcription: K labels, each inside one coarse group
            Map<Integer, Integer> groupOfLabel = new HashMap<>();
            for (Tuple2<Integer, Tuple2<String, double[]>> p : points) {
                Integer before = groupOfLabel.put(expected.get(p._2()._1()), p._1());
                assertTrue(before == null || before.equals(p._1()), "seed " + seed);
            }
            assertEquals(k, groupOfLabel.size(), "seed " + seed);
        }
    }

    /** The two-level path (K above the coarse limit) on a small pool: K clusters, a valid batch, the same on a rerun. */
    @Test
    void twoLevelPathRunsOnASmallPool() {
        JavaSparkContext sc = sc();
        Random rnd = new Random(17);
        int n = 120;
        int d = 3;
        List<CandidateBlock> blocks = new ArrayList<>();
        List<TopK.Scored> shortlist = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            String[] ids = new String[n / 3];
            double[] phi = new double[ids.length * d];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = String.valueOf(b * 1000 + i);
                shortlist.add(new TopK.Scored(ids[i], -rnd.nextDouble()));
            }
            for (int t = 0; t < phi.length; t++) {
                phi[t] = rnd.nextGaussian();
            }
            blocks.add(new CandidateBlock(ids, d, 1, 1, phi, new double[ids.length]));
        }
        JavaRDD<CandidateBlock> rdd = sc.parallelize(blocks, 3);
        int k = 25;
        Map<String, Integer> labels = DistributedClusterMargin.bisectingKMeans(sc, rdd, shortlist, k, 5, "test", 4);
        assertEquals(n, labels.size());
        assertEquals(k, new HashSet<>(labels.values()).size());
        assertTrue(labels.values().stream().allMatch(l -> l >= 0 && l < k));
        assertEquals(labels, DistributedClusterMargin.bisectingKMeans(sc, rdd, shortlist, k, 5, "test", 4));
        List<TopK.Scored> batch = ClusterMargin.batch(shortlist, labels, 10, 5);
        assertEquals(10, batch.size());
        // below the coarse limit it is MLlib's clustering alone: at most K labels
        Map<String, Integer> coarse = DistributedClusterMargin.bisectingKMeans(sc, rdd, shortlist, 4, 5, "test", 4);
        assertTrue(new HashSet<>(coarse.values()).size() <= 4);
    }
}
