package io.fisherselect.job.stage;

import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.TopK;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Top-k selection in one pass: a bounded heap per partition, merged on the driver (no sort). */
public final class DistributedTopK {
    private DistributedTopK() {
    }

    public static List<TopK.Scored> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, ItemScore score,
                                           int k, String label) {
        return select(sc, blocks, score, k, label, null);
    }

    /** The top-k under class caps (null: none): each partition's best per class, merged under the caps. */
    public static List<TopK.Scored> select(JavaSparkContext sc, JavaRDD<CandidateBlock> blocks, ItemScore score,
                                           int k, String label, ClassQuota quota) {
        sc.setJobDescription(label + " top-" + k);
        Broadcast<ItemScore> s = sc.broadcast(score);
        List<List<TopK.Scored>> parts = blocks.map(b -> {
            FaultInjection.maybeFail();
            return TopK.ofBlock(b, s.value(), k, quota);
        }).collect();
        s.destroy();
        return TopK.merge(parts, k, quota);
    }
}
