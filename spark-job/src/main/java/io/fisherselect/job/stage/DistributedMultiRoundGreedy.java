package io.fisherselect.job.stage;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.select.MultiRoundGreedy;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code --mode multiround}: {@link MultiRoundGreedy} on Spark. Each round deals every block's rows
 * into the round's parts by id ({@link MultiRoundGreedy#deal}), shuffles them so that part j is
 * partition j, and runs the part's greedy for its share ({@link MultiRoundGreedy#partGreedy}) in
 * that task; the kept rows stay on the executors as the next round's blocks. The round with one
 * part runs the greedy for k in a single task. The driver only holds the part sizes, the shares
 * and the k picks (ids and gains): never the pool or the survivors.
 */
public final class DistributedMultiRoundGreedy {
    private static final Logger LOG = LogManager.getLogger(DistributedMultiRoundGreedy.class);

    private DistributedMultiRoundGreedy() {
    }

    /** A part's result: its index, its picks (ids and gains, in pick order) and the kept rows. */
    record PartResult(int part, List<Pick> picks, CandidateBlock kept) implements Serializable {
    }

    /**
     * @param count the number of candidates in {@code blocks}
     */
    public static List<Pick> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, long count,
                                    SelectionParams p, PlanInputs in, MultiRoundGreedy.Settings s, String label) {
        Broadcast<PlanInputs> inputs = sc.broadcast(in);
        int k = p.k();
        long seed = p.seed();
        JavaRDD<CandidateBlock> survivors = blocks;
        JavaRDD<PartResult> previous = null;
        long n = count;
        try {
            for (int r = 0; ; r++) {
                long t0 = System.nanoTime();
                int round = r;
                int m = MultiRoundGreedy.parts(n, s.partitionSize());
                if (m == 1) {
                    sc.setJobDescription(String.format(Locale.ROOT, "%s multiround: round %d, greedy for k = %d over"
                            + " %d survivors in one task", label, r, k, n));
                    List<Pick> picks = survivors.coalesce(1).mapPartitions(it -> {
                        List<CandidateBlock> all = new ArrayList<>();
                        it.forEachRemaining(all::add);
                        List<Pick> out = new ArrayList<>();
                        for (Pick pk : GreedySelector.select(List.of(CandidateBlock.concat(all)),
                                MethodPlans.greedy(p, inputs.value()), k)) {
                            out.add(new Pick(pk.id, pk.gain, null, null, null));
                        }
                        return out.iterator();
                    }).collect();
                    LOG.info(String.format(Locale.ROOT, "%s multiround: round %d, one part of %d survivors, greedy"
                            + " for k = %d (%.1f s)", label, r, n, k, (System.nanoTime() - t0) / 1e9));
                    return picks;
                }
                long target = MultiRoundGreedy.target(n, k, s.shrink());
                JavaPairRDD<Integer, CandidateBlock> dealt = survivors.flatMapToPair(b -> {
                    List<Tuple2<Integer, CandidateBlock>> out = new ArrayList<>();
                    List<CandidateBlock> parts = MultiRoundGreedy.deal(b, seed, round, m);
                    for (int j = 0; j < m; j++) {
                        if (parts.get(j).n > 0) {
                            out.add(new Tuple2<>(j, parts.get(j)));
                        }
                    }
                    return out.iterator();
                }).partitionBy(new HashPartitioner(m)).persist(StorageLevel.MEMORY_AND_DISK());
                sc.setJobDescription(String.format(Locale.ROOT, "%s multiround: round %d, deal %d survivors into %d"
                        + " parts", label, r, n, m));
                Map<Integer, Long> sizeOf = dealt.mapValues(b -> (long) b.n).reduceByKey(Long::sum).collectAsMap();
                long[] sizes = new long[m];
                for (Map.Entry<Integer, Long> e : sizeOf.entrySet()) {
                    sizes[e.getKey()] = e.getValue();
                }
                int[] shares = MultiRoundGreedy.shares(sizes, target);
                JavaRDD<PartResult> results = dealt.mapPartitionsWithIndex((j, it) -> {
                    List<CandidateBlock> pieces = new ArrayList<>();
                    it.forEachRemaining(t -> pieces.add(t._2()));
                    if (pieces.isEmpty()) {
                        return List.<PartResult>of().iterator();
                    }
                    CandidateBlock part = CandidateBlock.concat(pieces);
                    List<Pick> picks = MultiRoundGreedy.partGreedy(part, p, inputs.value(), shares[j], round, s);
                    Set<String> keep = new HashSet<>();
                    List<Pick> slim = new ArrayList<>();
                    for (Pick pk : picks) {
                        keep.add(pk.id);
                        slim.add(new Pick(pk.id, pk.gain, null, null, null));
                    }
                    return List.of(new PartResult(j, slim, part.subset(keep))).iterator();
                }, true).persist(StorageLevel.MEMORY_AND_DISK());
                sc.setJobDescription(String.format(Locale.ROOT, "%s multiround: round %d, greedy for %d of %d in %d"
                        + " parts", label, r, target, n, m));
                results.count();
                dealt.unpersist(false);
                if (previous != null) {
                    previous.unpersist(false);
                }
                previous = results;
                LOG.info(String.format(Locale.ROOT, "%s multiround: round %d, %d survivors in %d parts kept %d (%.1f s)",
                        label, r, n, m, target, (System.nanoTime() - t0) / 1e9));
                n = target;
                survivors = results.map(PartResult::kept);
                if (target == k && MultiRoundGreedy.parts(target, s.partitionSize()) > 1) {
                    // k > P: the union of the parts' picks is the batch, in part order
                    List<PartResult> parts = new ArrayList<>(results.map(x -> new PartResult(x.part(), x.picks(),
                            null)).collect());
                    parts.sort((a, b) -> Integer.compare(a.part(), b.part()));
                    List<Pick> out = new ArrayList<>();
                    for (PartResult pr : parts) {
                        out.addAll(pr.picks());
                    }
                    return out;
                }
            }
        } finally {
            if (previous != null) {
                previous.unpersist(false);
            }
            inputs.destroy();
        }
    }
}
