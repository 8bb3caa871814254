package io.fisherselect.job.stage;

import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.PartitionedGreedy;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code --mode partitioned} (GreeDi): one Spark job runs the in-memory greedy for k′ picks in
 * every partition ({@link PartitionedGreedy#local}, the same {@code GreedySelector} and
 * {@code BlockState} code as the exact selector), then the driver runs the greedy for k over the
 * union ({@link PartitionedGreedy#merge}).
 */
public final class DistributedPartitionedGreedy {
    private static final Logger LOG = LogManager.getLogger(DistributedPartitionedGreedy.class);

    private DistributedPartitionedGreedy() {
    }

    public static List<Pick> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, SelectionParams p,
                                    PlanInputs in, int kPrime, String label) {
        long t0 = System.nanoTime();
        Broadcast<PlanInputs> inputs = sc.broadcast(in);
        sc.setJobDescription(label + " partitioned: greedy k′ = " + kPrime + " in each of "
                + blocks.getNumPartitions() + " partitions");
        List<PartitionedGreedy.Local> locals = blocks
                .map(b -> PartitionedGreedy.local(b, p, inputs.value(), kPrime))
                .collect();
        int union = 0;
        for (PartitionedGreedy.Local l : locals) {
            union += l.picked().n;
        }
        double local = (System.nanoTime() - t0) / 1e9;
        LOG.info(String.format(Locale.ROOT, "%s partitioned: %d partitions picked %d candidates (%.1f s); final"
                + " greedy for k = %d on the driver", label, locals.size(), union, local, p.k()));
        List<Pick> picks = PartitionedGreedy.merge(locals, p, in, kPrime);
        inputs.destroy();
        LOG.info(String.format(Locale.ROOT, "%s partitioned: final greedy done (%.1f s)", label,
                (System.nanoTime() - t0) / 1e9 - local));
        return picks;
    }
}
