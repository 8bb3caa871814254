package io.fisherselect.job.stage;

import io.fisherselect.job.io.Item;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code --mode prefilter}: the top-M items of a cheap top-k score (one pass, per-partition heaps,
 * {@link DistributedTopK}), which the exact greedy then runs on.
 */
public final class Prefilter {
    private Prefilter() {
    }

    /**
     * The pool's items restricted to the top-M of {@code score}.
     *
     * @param p      the selection's parameters (λ, seed, Fisher options); its method is replaced
     * @param inputs the greedy method's plan inputs: their labeled Fisher (if any) is the score's prior
     */
    public static JavaRDD<Item> candidates(JavaSparkContext sc, JavaRDD<Item> pool, AcquisitionMethod score,
                                           SelectionParams p, PlanInputs inputs, int m, int c, int rawD,
                                           String label) {
        SelectionParams sp = p.withMethod(score);
        FactorSpec spec = sp.factorSpec();
        PlanInputs in = PlanInputs.shape(spec.embeddingLength(rawD), c, spec.columns(c));
        if (inputs.labeledFisherSum() != null) {
            in = in.withLabeled(inputs.labeledFisherSum(), inputs.labeledCount());
        }
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(pool, spec, c, rawD);
        List<TopK.Scored> top = DistributedTopK.select(sc, blocks, MethodPlans.score(sp, in), m,
                label + " prefilter (" + score.cliName() + ")");
        Set<String> ids = new HashSet<>();
        for (TopK.Scored s : top) {
            ids.add(s.id());
        }
        Broadcast<Set<String>> keep = sc.broadcast(ids);
        return pool.filter(it -> keep.value().contains(it.id()));
    }
}
