package io.fisherselect.math.plan;

import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.Conditioning;
import io.fisherselect.math.select.CandidateBlock;

import org.ejml.data.DMatrixRMaj;

/**
 * The reduced quantities a method's plan is built from (each null when the method does not need
 * it; {@link MethodPlans#needs} says which ones to compute).
 *
 * @param d                embedding length (after the optional bias column)
 * @param c                classes C (outputs for regression)
 * @param r                columns of the candidates' factors
 * @param labeledFisherSum Σ_labeled Fⱼ (D×D)
 * @param labeledCount     n_L
 * @param poolFisherSum    Σ_pool Fᵢ (D×D)
 * @param poolCount        N
 * @param evalFisherMean   mean Fisher of a separate eval set (D×D); null: the pool's mean
 * @param query            the query set's gradient embeddings (LogDetMI/CMI)
 * @param privateSet       the private set's gradient embeddings (LogDetCMI)
 * @param pending          items still at the annotators, with the method's factors, in the order
 *                         they are conditioned on (null: none); see {@link Conditioning}
 * @param quota            caps per predicted class of the batch (null: none)
 */
public record PlanInputs(int d, int c, int r, DMatrixRMaj labeledFisherSum, long labeledCount,
                         DMatrixRMaj poolFisherSum, long poolCount, DMatrixRMaj evalFisherMean,
                         CandidateBlock query, CandidateBlock privateSet, CandidateBlock pending,
                         ClassQuota quota) implements java.io.Serializable {

    public PlanInputs(int d, int c, int r, DMatrixRMaj labeledFisherSum, long labeledCount,
                      DMatrixRMaj poolFisherSum, long poolCount, DMatrixRMaj evalFisherMean,
                      CandidateBlock query, CandidateBlock privateSet) {
        this(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, evalFisherMean, query, privateSet,
                null, null);
    }

    /** Only the shape: enough for methods that need no reduction. */
    public static PlanInputs shape(int d, int c, int r) {
        return new PlanInputs(d, c, r, null, 0, null, 0, null, null, null);
    }

    /** With items still at the annotators (a block with the method's factors; null or empty: none). */
    public PlanInputs withPending(CandidateBlock block) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, evalFisherMean,
                query, privateSet, block == null || block.n == 0 ? null : block, quota);
    }

    /** With caps per predicted class (null: none). */
    public PlanInputs withQuota(ClassQuota q) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, evalFisherMean,
                query, privateSet, pending, q);
    }

    /**
     * Σ_labeled Fⱼ + Σ_pending Fᵢ: the Fisher part of the posterior precision once the pending
     * items are labeled, which under the Laplace approximation of a GLM last layer does not depend
     * on their labels (paper §4, Prop. 4.9–4.11); null when there is neither. The pending block
     * carries Fisher factors for every method that reads this.
     */
    public DMatrixRMaj conditionedFisherSum() {
        if (pending == null) {
            return labeledFisherSum;
        }
        DMatrixRMaj f = io.fisherselect.math.fisher.FisherSum.of(pending);
        if (labeledFisherSum != null) {
            org.ejml.dense.row.CommonOps_DDRM.addEquals(f, labeledFisherSum);
        }
        return f;
    }

    /** n_L plus the pending items. */
    public long conditionedCount() {
        return labeledCount + (pending == null ? 0 : pending.n);
    }

    public PlanInputs withLabeled(DMatrixRMaj sum, long count) {
        return new PlanInputs(d, c, r, sum, count, poolFisherSum, poolCount, evalFisherMean, query, privateSet, pending, quota);
    }

    public PlanInputs withPool(DMatrixRMaj sum, long count) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, sum, count, evalFisherMean, query, privateSet, pending, quota);
    }

    public PlanInputs withEval(DMatrixRMaj mean) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, mean, query,
                privateSet, pending, quota);
    }

    public PlanInputs withReferenceSets(CandidateBlock q, CandidateBlock p) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, evalFisherMean, q, p, pending, quota);
    }
}
