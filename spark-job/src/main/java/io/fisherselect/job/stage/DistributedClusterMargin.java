package io.fisherselect.job.stage;

import io.fisherselect.math.score.PredictionScores;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.method.ClusterMargin;
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
 * bisecting k-means on the executors ({@code bisecting-kmeans}), of which only the shortlisted items'
 * labels reach the driver; the round robin runs on the driver over the k_m shortlisted items.
 */
public final class DistributedClusterMargin {
    private static final Logger LOG = LogManager.getLogger(DistributedClusterMargin.class);
    /** iterations of each bisection's k-means (MLlib's default) */
    static final int BISECTING_ITERATIONS = 20;

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
                        + " (%.1f s)", label, averageLinkage ? "average-linkage" : "bisecting k-means", clusters, km, (System.nanoTime() - t0) / 1e9));
        return ClusterMargin.batch(shortlist, clusterOf, k, seed);
    }

    /** The bisecting k-means labels of the shortlisted items (the model is fitted on the whole pool). */
    static Map<String, Integer> bisectingKMeans(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks,
                                                List<TopK.Scored> shortlist, int clusters, long seed, String label) {
        JavaRDD<Vector> points = blocks.flatMap(b -> {
            List<Vector> out = new ArrayList<>(b.n);
            for (int i = 0; i < b.n; i++) {
                out.add(Vectors.dense(b.phiOf(i)));
            }
            return out.iterator();
        });
        sc.setJobDescription(label + " bisecting k-means into " + clusters + " clusters");
        BisectingKMeansModel model = new BisectingKMeans().setK(clusters).setSeed(seed)
                .setMaxIterations(BISECTING_ITERATIONS).run(points.rdd());
        Set<String> wanted = new HashSet<>();
        for (TopK.Scored t : shortlist) {
            wanted.add(t.id());
        }
        Broadcast<Set<String>> ids = sc.broadcast(wanted);
        sc.setJobDescription(label + " cluster labels of the " + wanted.size() + " shortlisted items");
        List<Tuple2<String, Integer>> labels = blocks.flatMap(b -> {
            List<Tuple2<String, Integer>> out = new ArrayList<>();
            for (int i = 0; i < b.n; i++) {
                if (ids.value().contains(b.ids[i])) {
                    out.add(new Tuple2<>(b.ids[i], model.predict(Vectors.dense(b.phiOf(i)))));
                }
            }
            return out.iterator();
        }).collect();
        ids.destroy();
        Map<String, Integer> out = new HashMap<>();
        for (Tuple2<String, Integer> t : labels) {
            out.put(t._1(), t._2());
        }
        return out;
    }
}
