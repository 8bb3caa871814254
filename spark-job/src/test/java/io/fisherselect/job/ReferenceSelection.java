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
        List<CandidateBlockBuilder> builders = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            builders.add(new CandidateBlockBuilder(spec, c));
        }
        for (int i = 0; i < pool.size(); i++) {
            add(builders.get(i % blocks), pool.rows.get(i));
        }
        List<CandidateBlock> built = new ArrayList<>();
        for (CandidateBlockBuilder b : builders) {
            built.add(b.build(rawD));
        }
        return InMemorySelector.select(params, inputs, built);
    }

    /** Σ Fᵢ of a set, summed in id order (the order the job's reduction uses for small sets). */
    static DMatrixRMaj fisherSum(TestSet set, SelectionParams params, int c) {
        CandidateBlockBuilder b = new CandidateBlockBuilder(params.fisherSpec(), c);
        for (TestSet.Row0 row : byId(set)) {
            add(b, row);
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
            add(b, row);
        }
        return b.build(set.d);
    }

    private static List<TestSet.Row0> byId(TestSet set) {
        List<TestSet.Row0> rows = new ArrayList<>(set.rows);
        rows.sort(Comparator.comparing(TestSet.Row0::id));
        return rows;
    }

    private static void add(CandidateBlockBuilder b, TestSet.Row0 row) {
        b.add(row.id(), row.embedding(), CandidateBlocks.normalized(row.probs()),
                row.label() == null ? -1 : row.label());
    }
}
