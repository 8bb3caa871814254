package io.fisherselect.job.stage;

import io.fisherselect.math.score.PredictionScores;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.method.TwoLevelClustering;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.mllib.clustering.BisectingKMeans;
import org.apache.spark.mllib.clustering.BisectingKMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import scala.Tuple2;

/**
 * {@code cluster-margin} on Spark ({@link ClusterMargin}): the shortlist is the top-k_m of the margin
 * score in one pass ({@link DistributedTopK}); the clusters come from average-linkage HAC on the
 * driver over the collected embeddings ({@code hac}: small pools only, it is O(N²)) or from MLlib's
 * bisecting k-means on the executors ({@code bisecting-kmeans}; above {@link #COARSE_CLUSTERS}
 * clusters its groups are split further, each in one task, {@link TwoLevelClustering}), of which
 * only the shortlisted items' labels reach the driver; the round robin runs on the driver over the
 * k_m shortlisted items.
 */
public final class DistributedClusterMargin {
    private static final Logger LOG = LogManager.getLogger(DistributedClusterMargin.class);
    /** iterations of each bisection's k-means (MLlib's default) */
    static final int BISECTING_ITERATIONS = 20;
    /**
     * the most clusters MLlib's bisecting k-means makes: every Lloyd iteration of a level is a job
     * whose task closure holds the level's centers, doubling per level (≈ 1 MiB at this K for
     * d = 64); above it the fine step splits each group on its own ({@link TwoLevelClustering})
     */
    static final int COARSE_CLUSTERS = 1_024;

    private DistributedClusterMargin() {
    }

    /**
     * @param count          the pool's size
     * @param averageLinkage cluster with average-linkage HAC on the driver; else with MLlib's
     *                       bisecting k-means on the executors
     */
    public static List<TopK.Scored> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, long count, int k,
                                           long seed, boolean averageLinkage, ClusterMargin.Settings s, String label) {
        long t0 = System.nanoTime();
        int km = s.shortlist(k, count);
        int clusters = s.clusters(k);
        List<TopK.Scored> shortlist = DistributedTopK.select(sc, blocks, PredictionScores.margin(), km, label);
        Map<String, Integer> clusterOf;
        if (averageLinkage) {
            sc.setJobDescription(label + " collect " + count + " embeddings for average-linkage clustering");
            List<CandidateBlock> all = blocks.collect();
            clusterOf = ClusterMargin.clusters(CandidateBlock.concat(all), clusters, s.maxDistance());
        } else {
            clusterOf = bisectingKMeans(sc, blocks, shortlist, clusters, seed, label);
        }
        LOG.info(String.format(Locale.ROOT, "%s: %s clustering into %d clusters, shortlist of %d lowest-margin items"
                        + " (%.1f s)", label, averageLinkage ? "average-linkage" : clusters > COARSE_CLUSTERS
                        ? "two-level (bisecting k-means into " + COARSE_CLUSTERS + ", then within each)"
                        : "bisecting k-means", clusters, km, (System.nanoTime() - t0) / 1e9));
        return ClusterMargin.batch(shortlist, clusterOf, k, seed);
    }

    /**
     * The cluster labels of the shortlisted items, the clustering fitted on the whole pool: MLlib's
     * bisecting k-means into min(K, {@link #COARSE_CLUSTERS}) groups and, for more clusters, each
     * group split into its share of K on its own ({@link TwoLevelClustering}).
     */
    static Map<String, Integer> bisectingKMeans(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks,
                                                List<TopK.Scored> shortlist, int clusters, long seed, String label) {
        return bisectingKMeans(sc, blocks, shortlist, clusters, seed, label, COARSE_CLUSTERS);
    }

    /** As above with the most coarse groups given (tests run the two-level path on small pools). */
    static Map<String, Integer> bisectingKMeans(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks,
                                                List<TopK.Scored> shortlist, int clusters, long seed, String label,
                                                int coarse) {
        JavaRDD<Vector> points = blocks.flatMap(b -> {
            List<Vector> out = new ArrayList<>(b.n);
            for (int i = 0; i < b.n; i++) {
                out.add(Vectors.dense(b.phiOf(i)));
            }
            return out.iterator();
        });
        int groups = Math.min(clusters, coarse);
        sc.setJobDescription(label + " bisecting k-means into " + groups + " clusters");
        BisectingKMeansModel fitted = new BisectingKMeans().setK(groups).setSeed(seed)
                .setMaxIterations(BISECTING_ITERATIONS).run(points.rdd());
        Broadcast<BisectingKMeansModel> model = sc.broadcast(fitted);
        Set<String> wanted = new HashSet<>();
        for (TopK.Scored t : shortlist) {
            wanted.add(t.id());
        }
        Broadcast<Set<String>> ids = sc.broadcast(wanted);
        JavaPairRDD<Integer, Tuple2<String, double[]>> grouped = blocks.flatMapToPair(b -> {
            List<Tuple2<Integer, Tuple2<String, double[]>>> out = new ArrayList<>(b.n);
            for (int i = 0; i < b.n; i++) {
                double[] phi = b.phiOf(i);
                out.add(new Tuple2<>(model.value().predict(Vectors.dense(phi)), new Tuple2<>(b.ids[i], phi)));
            }
            return out.iterator();
        });
        List<Tuple2<String, Integer>> labels;
        if (clusters <= groups) {
            sc.setJobDescription(label + " cluster labels of the " + wanted.size() + " shortlisted items");
            labels = grouped.filter(t -> ids.value().contains(t._2()._1()))
                    .map(t -> new Tuple2<>(t._2()._1(), t._1())).collect();
        } else {
            labels = fineLabels(sc, grouped, ids, clusters, seed, label);
        }
        ids.destroy();
        model.destroy();
        Map<String, Integer> out = new HashMap<>();
        for (Tuple2<String, Integer> t : labels) {
            out.put(t._1(), t._2());
        }
        return out;
    }

    /**
     * The fine step on the executors: every coarse group's points in one task, split into its share
     * K_g of the clusters ({@link TwoLevelClustering#apportion}, from the groups' sizes counted on the
     * executors); the labels of the wanted ids, offset so that they are unique across groups.
     *
     * @param points (coarse group, (id, embedding)) of every pool item
     */
    static List<Tuple2<String, Integer>> fineLabels(JavaSparkContext sc,
                                                    JavaPairRDD<Integer, Tuple2<String, double[]>> points,
                                                    Broadcast<Set<String>> wanted, int clusters, long seed,
                                                    String label) {
        sc.setJobDescription(label + " sizes of the coarse clusters");
        Map<Integer, Long> counted = points.keys().countByValue();
        int[] coarse = counted.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        long[] sizes = new long[coarse.length];
        for (int g = 0; g < coarse.length; g++) {
            sizes[g] = counted.get(coarse[g]);
        }
        int[] perGroup = TwoLevelClustering.apportion(sizes, clusters);
        int[] offset = TwoLevelClustering.offsets(perGroup);
        Map<Integer, int[]> share = new HashMap<>();
        for (int g = 0; g < coarse.length; g++) {
            share.put(coarse[g], new int[] {perGroup[g], offset[g]});
        }
        Broadcast<Map<Integer, int[]>> shares = sc.broadcast(share);
        sc.setJobDescription(label + " split " + coarse.length + " coarse clusters into " + clusters + " clusters");
        List<Tuple2<String, Integer>> out = points.groupByKey(Math.max(1, points.getNumPartitions()))
                .flatMap(group -> {
                    List<String> ids = new ArrayList<>();
                    List<double[]> rows = new ArrayList<>();
                    for (Tuple2<String, double[]> p : group._2()) {
                        ids.add(p._1());
                        rows.add(p._2());
                    }
                    int d = rows.get(0).length;
                    double[] x = new double[rows.size() * d];
                    for (int i = 0; i < rows.size(); i++) {
                        System.arraycopy(rows.get(i), 0, x, i * d, d);
                    }
                    int[] kAndOffset = shares.value().get(group._1());
                    int[] fine = TwoLevelClustering.group(ids.toArray(new String[0]), x, d, kAndOffset[0],
                            TwoLevelClustering.groupSeed(seed, group._1()));
                    List<Tuple2<String, Integer>> labels = new ArrayList<>();
                    for (int i = 0; i < fine.length; i++) {
                        if (wanted.value().contains(ids.get(i))) {
                            labels.add(new Tuple2<>(ids.get(i), kAndOffset[1] + fine[i]));
                        }
                    }
                    return labels.iterator();
                }).collect();
        shares.destroy();
        return out;
    }
}
