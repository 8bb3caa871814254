package io.fisherselect.job;

import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.plan.InMemorySelector;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The selection {@link InMemorySelector} makes from the same rows the job reads, built the way
 * {@link SelectionJob} builds its inputs (but without Spark): the reference the distributed job
 * must reproduce.
 */
public final class ReferenceSelection {
    private ReferenceSelection() {
    }

    /**
     * @param labeled, eval, query, priv null when absent
     * @param blocks   number of in-memory candidate blocks (rows dealt round-robin in file order)
     */
    public static List<TopK.Scored> select(SelectionParams params, TestSet pool, TestSet labeled, TestSet eval,
                                           TestSet query, TestSet priv, int blocks) {
        return select(params, pool, labeled, eval, query, priv, blocks, null, 0, null);
    }

    /**
     * With items pending at the annotators (conditioned on, sorted by id, never picked) and class
     * caps ({@code maxPerClass} 0 and {@code balance} null: none), as {@link SelectionJob} runs them.
     */
    public static List<TopK.Scored> select(SelectionParams params, TestSet pool, TestSet labeled, TestSet eval,
                                           TestSet query, TestSet priv, int blocks, TestSet pending,
                                           int maxPerClass, ClassQuota.Balance balance) {
        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        int c = regression ? 1 : pool.c;
        int rawD = pool.d;
        FactorSpec spec = params.factorSpec();
        PlanInputs inputs = inputs(params, pool, labeled, eval, query, priv, pending);
        List<CandidateBlockBuilder> builders = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            builders.add(new CandidateBlockBuilder(spec, c));
        }
        for (int i = 0; i < pool.size(); i++) {
            add(builders.get(i % blocks), pool.rows.get(i), params);
        }
        List<CandidateBlock> built = new ArrayList<>();
        for (CandidateBlockBuilder b : builders) {
            built.add(b.build(rawD));
        }
        if (maxPerClass > 0 || balance != null) {
            long[] counts = new long[c];
            for (CandidateBlock b : InMemorySelector.withoutPending(built, inputs.pending())) {
                counts = ClassQuota.add(counts, ClassQuota.predictedCounts(b, null, false));
            }
            inputs = inputs.withQuota(ClassQuota.of(maxPerClass, balance, params.k(), counts));
        }
        return InMemorySelector.select(params, inputs, built);
    }

    /** The plan inputs the job builds from these sets (pending items sorted by id). */
    private static PlanInputs inputs(SelectionParams params, TestSet pool, TestSet labeled, TestSet eval,
                                     TestSet query, TestSet priv, TestSet pending) {
        AcquisitionMethod method = params.method();
        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        int c = regression ? 1 : pool.c;
        int rawD = pool.d;
        FactorSpec spec = params.factorSpec();
        int d = spec.embeddingLength(rawD);
        int r = spec.columns(c);
        TestSet usedLabeled = labeled != null && method.usesLabeledSet() ? labeled : null;
        TestSet usedEval = eval != null && method == AcquisitionMethod.EPIG_LOGDET ? eval : null;
        PlanInputs inputs = PlanInputs.shape(d, c, r);
        Set<MethodPlans.Reduction> needs = MethodPlans.needs(method, usedLabeled != null, usedEval != null);
        if (needs.contains(MethodPlans.Reduction.LABELED_FISHER)) {
            inputs = inputs.withLabeled(fisherSum(usedLabeled, params, c), usedLabeled.size());
        }
        if (needs.contains(MethodPlans.Reduction.POOL_FISHER)) {
            inputs = inputs.withPool(fisherSum(pool, params, c), pool.size());
        }
        if (usedEval != null) {
            DMatrixRMaj mean = fisherSum(usedEval, params, c);
            CommonOps_DDRM.scale(1.0 / usedEval.size(), mean);
            inputs = inputs.withEval(mean);
        }
        if (method.needsQuerySet()) {
            inputs = inputs.withReferenceSets(referenceBlock(query, params, c),
                    method.needsPrivateSet() ? referenceBlock(priv, params, c) : null);
        }
        if (pending != null) {
            CandidateBlockBuilder b = new CandidateBlockBuilder(spec, c);
            for (TestSet.Row0 row : byId(pending)) {
                add(b, row, params);
            }
            inputs = inputs.withPending(b.build(rawD));
        }
        return inputs;
    }

    /**
     * The method's objective of a batch given in pick order: the sum of the gains of its greedy
     * driver forced through the batch's rows in that order (each row picked as the greedy would
     * have picked it there), on the inputs the job builds from the same sets.
     */
    public static double replayedObjective(SelectionParams params, TestSet pool, TestSet labeled, List<String> batch) {
        PlanInputs inputs = inputs(params, pool, labeled, null, null, null, null);
        java.util.Map<String, TestSet.Row0> rows = new java.util.HashMap<>();
        pool.rows.forEach(row -> rows.put(row.id(), row));
        CandidateBlockBuilder b = new CandidateBlockBuilder(params.factorSpec(), pool.c);
        for (String id : batch) {
            add(b, rows.get(id), params);
        }
        CandidateBlock block = b.build(pool.d);
        io.fisherselect.math.select.GreedyDriver driver = MethodPlans.greedy(params, inputs);
        io.fisherselect.math.select.GreedyObjective objective = driver.objective();
        io.fisherselect.math.select.BlockState state = io.fisherselect.math.select.BlockState.initial(block, objective);
        double sum = 0;
        for (int row = 0; row < block.n; row++) {
            io.fisherselect.math.select.Pick pick = state.pick(block, objective, row, null);
            sum += pick.gain;
            state = state.next(block, objective, pick.id, driver.afterPick(pick));
        }
        return sum;
    }

    /** Σ Fᵢ of a set, summed in id order (the order the job's reduction uses for small sets). */
    static DMatrixRMaj fisherSum(TestSet set, SelectionParams params, int c) {
        CandidateBlockBuilder b = new CandidateBlockBuilder(params.fisherSpec(), c);
        for (TestSet.Row0 row : byId(set)) {
            add(b, row, params);
        }
        return FisherSum.of(b.build(set.d));
    }

    /** A query / private set as gradient embeddings: the true label when present, else argmax π. */
    static CandidateBlock referenceBlock(TestSet set, SelectionParams p, int c) {
        boolean hasLabel = set.rows.get(0).label() != null;
        FactorSpec.Kind kind = hasLabel ? FactorSpec.Kind.LABEL_GRADIENT : FactorSpec.Kind.PSEUDO_LABEL_GRADIENT;
        FactorSpec spec = new FactorSpec(kind, p.likelihood(), 0, p.noiseVariance(), p.bias());
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec, c);
        for (TestSet.Row0 row : byId(set)) {
            add(b, row, p);
        }
        return b.build(set.d);
    }

    private static List<TestSet.Row0> byId(TestSet set) {
        List<TestSet.Row0> rows = new ArrayList<>(set.rows);
        rows.sort(Comparator.comparing(TestSet.Row0::id));
        return rows;
    }

    private static void add(CandidateBlockBuilder b, TestSet.Row0 row, SelectionParams p) {
        b.add(row.id(), row.embedding(), CandidateBlocks.normalized(row.probs(), p.likelihood()),
                row.label() == null ? -1 : row.label());
    }
}
