package io.fisherselect.job.stage;

import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Stochastic batch acquisition on a top-k score (power / softmax / softrank): every item's
 * Gumbel key log wᵢ + Gᵢ from {@link StochasticAcquisition#key}, then the k largest keys, with
 * per-partition heaps. softrank first ranks all scores with one distributed sort. Keys depend only
 * on (seed, id, score, rank), so the sample does not depend on the partitioning.
 */
public final class DistributedSampledTopK {
    private DistributedSampledTopK() {
    }

    /** The sample in key order, each with its base score. */
    public static List<TopK.Scored> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, ItemScore score,
                                           SelectionParams p, String label) {
        sc.setJobDescription(label + " " + p.sampling().cliName() + " sampling of " + p.k());
        Broadcast<ItemScore> s = sc.broadcast(score);
        JavaRDD<TopK.Scored> scored = blocks.flatMap(b -> {
            FaultInjection.maybeFail();
            return InMemorySelector.scores(b, s.value()).iterator();
        });
        JavaRDD<Tuple2<TopK.Scored, Long>> ranked;
        if (p.sampling().needsRank()) {
            // rank 1 = the highest score, ties by the smaller id (Pick.better)
            ranked = scored.sortBy(t -> new RankKey(-t.score(), t.id()), true, scored.getNumPartitions())
                    .zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2() + 1));
        } else {
            ranked = scored.map(t -> new Tuple2<>(t, 0L));
        }
        StochasticAcquisition.Mode mode = p.sampling();
        double beta = p.beta();
        long seed = p.seed();
        int k = p.k();
        List<List<Tuple2<TopK.Scored, Double>>> parts = ranked.mapPartitions(it -> {
            FaultInjection.maybeFail();
            PriorityQueue<Tuple2<TopK.Scored, Double>> heap = new PriorityQueue<>(DistributedSampledTopK::worstFirst);
            while (it.hasNext()) {
                Tuple2<TopK.Scored, Long> t = it.next();
                double key = StochasticAcquisition.key(mode, beta, t._1().score(), t._2(), seed, t._1().id());
                heap.add(new Tuple2<>(t._1(), key));
                if (heap.size() > k) {
                    heap.poll();
                }
            }
            return List.of((List<Tuple2<TopK.Scored, Double>>) new ArrayList<>(heap)).iterator();
        }).collect();
        s.destroy();
        List<Tuple2<TopK.Scored, Double>> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort((a, b) -> -worstFirst(a, b));
        List<TopK.Scored> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, all.size()); i++) {
            out.add(all.get(i)._1());
        }
        return out;
    }

    /** key ascending, ties: larger id first (so the smaller id wins, as in TopK) */
    private static int worstFirst(Tuple2<TopK.Scored, Double> a, Tuple2<TopK.Scored, Double> b) {
        if (a._2().doubleValue() != b._2().doubleValue()) {
            return Double.compare(a._2(), b._2());
        }
        return b._1().id().compareTo(a._1().id());
    }

    /** Sort key of the softrank ranking. */
    record RankKey(double negScore, String id) implements Comparable<RankKey>, java.io.Serializable {
        @Override
        public int compareTo(RankKey o) {
            if (negScore != o.negScore) {
                return Double.compare(negScore, o.negScore);
            }
            return id.compareTo(o.id);
        }
    }
}
