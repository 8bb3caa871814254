package io.fisherselect.math.plan;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.method.Kernel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A method's objective of a whole batch B from one sum over its items, Σ_B VⱼVⱼᵀ
 * ({@link FisherSum} of the batch's rows, {@link #weights} applied), for a batch that no single
 * greedy picked in order — the multi-round greedy's union of parts (docs/math.md §7.8), whose
 * gains are each part's own and do not add up to it. It is the log-det form the greedy itself
 * increments ({@code LogDetObjective}):
 *
 * <pre>  f(B) = s·[log det(M₀ + Σ_B VⱼVⱼᵀ) − log det M₀] + |B|·o</pre>
 *
 * <ul>
 *   <li>{@code eig-logdet}, eq. (51) (docs/math.md §3.4): s = ½, o = 0, M₀ = H = λI + Σ_labeled F
 *       (+ Σ_pending F, §8.1), Vⱼ the Fisher factor;</li>
 *   <li>{@code logdet}, Prop. 6.1 (docs/math.md §3.7): log det(S_B + λI) = |B| log λ +
 *       log det(λI + Σ_B hhᵀ) − D log λ, so s = 1, o = log λ, M₀ = λI (+ Σ_pending hhᵀ: the
 *       objective given the pending items is f(P ∪ B) − f(P)), Vⱼ = hⱼ = κⱼ gⱼ.</li>
 *   <li>{@code epig-logdet}, eq. (67) (docs/math.md §3.5): the gains add up to the decrease
 *       Φ(∅) − Φ(B) of Φ(B) = ½ log det(M_B + F_eval) − ½ log det M_B, M_B = H + Σ_B Fⱼ: the same
 *       form twice, ½[log det(H + Σ_B) − log det H] − ½[log det(H + F_eval + Σ_B) −
 *       log det(H + F_eval)].</li>
 * </ul>
 * One Cholesky of M₀ + Σ_B on the driver (and one of M₀ unless it is λI; twice for epig-logdet).
 * bait and the mutual informations have no such closed form from one sum ({@link #unavailable}).
 */
public final class BatchObjective {
    private BatchObjective() {
    }

    /** Why a method's objective of a batch is not computed by {@link #of}, or null when it is. */
    public static String unavailable(AcquisitionMethod m) {
        return switch (m) {
            case EIG_LOGDET, EPIG_LOGDET, LOGDET -> null;
            case BAIT -> "bait's objective is the trace after its backward pruning, not a function of one Fisher sum"
                    + " over the batch";
            case LOGDET_MI, LOGDET_CMI -> m.cliName() + "'s objective needs the query (and private) set's Schur"
                    + " complements given the batch, not one sum over it";
            default -> m.cliName() + " has no greedy objective";
        };
    }

    /**
     * The kernel whose per-item scale κ weights the batch's rows before they are summed
     * ({@link Kernel#weighted}): {@code logdet}'s; null for {@code eig-logdet} and {@code epig-logdet}
     * (the Fisher factors as they are).
     */
    public static Kernel weights(SelectionParams p) {
        return p.method() == AcquisitionMethod.LOGDET ? p.kernel() : null;
    }

    /**
     * f(B) of the class comment.
     *
     * @param batchSum  Σ_B VⱼVⱼᵀ (D×D), the rows weighted by {@link #weights}
     * @param batchSize |B|
     */
    public static double of(SelectionParams p, PlanInputs in, DMatrixRMaj batchSum, long batchSize) {
        String why = unavailable(p.method());
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        int dim = in.c() * in.d();
        if (batchSum.numRows != dim || batchSum.numCols != dim) {
            throw new IllegalArgumentException("the batch's sum is " + batchSum.numRows + "×" + batchSum.numCols
                    + ", expected D×D with D = " + dim);
        }
        return switch (p.method()) {
            // H = λI + Σ_labeled F + Σ_pending F, as the greedy's plan builds it
            case EIG_LOGDET -> 0.5 * logDetIncrease(MethodPlans.precision(p, in), batchSum,
                    in.conditionedFisherSum() == null);
            case EPIG_LOGDET -> {
                DMatrixRMaj h = MethodPlans.precision(p, in);
                DMatrixRMaj plusEval = h.copy();
                CommonOps_DDRM.addEquals(plusEval, MethodPlans.evalMean(in));
                yield 0.5 * (logDetIncrease(h, batchSum, in.conditionedFisherSum() == null) - logDetIncrease(plusEval, batchSum, false));
            }
            default -> {
                // logdet: M₀ = λI, plus the pending items' hhᵀ when there are any
                DMatrixRMaj m0 = in.pending() == null ? new DMatrixRMaj(dim, dim)
                        : FisherSum.of(p.kernel().weighted(in.pending()));
                yield logDetIncrease(FisherSum.plusRidge(m0, p.lambda()), batchSum, in.pending() == null)
                        + batchSize * Math.log(p.lambda());
            }
        };
    }

    /**
     * log det(M₀ + S) − log det M₀.
     *
     * @param isotropic whether M₀ = λI exactly (its log det is then D log λ, no factorisation)
     */
    private static double logDetIncrease(DMatrixRMaj m0, DMatrixRMaj s, boolean isotropic) {
        double before = isotropic ? m0.numRows * Math.log(m0.get(0, 0)) : SpdOps.logDet(m0, "M₀ = λI + Σ F");
        DMatrixRMaj m = m0.copy();
        CommonOps_DDRM.addEquals(m, s);
        return SpdOps.logDet(m, "M₀ + Σ_batch F") - before;
    }
}
