package io.fisherselect.math.plan;

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
 */
public record PlanInputs(int d, int c, int r, DMatrixRMaj labeledFisherSum, long labeledCount,
                         DMatrixRMaj poolFisherSum, long poolCount, DMatrixRMaj evalFisherMean,
                         CandidateBlock query, CandidateBlock privateSet) implements java.io.Serializable {

    /** Only the shape: enough for methods that need no reduction. */
    public static PlanInputs shape(int d, int c, int r) {
        return new PlanInputs(d, c, r, null, 0, null, 0, null, null, null);
    }

    public PlanInputs withLabeled(DMatrixRMaj sum, long count) {
        return new PlanInputs(d, c, r, sum, count, poolFisherSum, poolCount, evalFisherMean, query, privateSet);
    }

    public PlanInputs withPool(DMatrixRMaj sum, long count) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, sum, count, evalFisherMean, query, privateSet);
    }

    public PlanInputs withEval(DMatrixRMaj mean) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, mean, query,
                privateSet);
    }

    public PlanInputs withReferenceSets(CandidateBlock q, CandidateBlock p) {
        return new PlanInputs(d, c, r, labeledFisherSum, labeledCount, poolFisherSum, poolCount, evalFisherMean, q, p);
    }
}
