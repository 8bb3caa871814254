package io.fisherselect.math.method;

import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.SelectionParams;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.fisher.KroneckerOps;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.linalg.SpdOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Driver side of {@link EpigLogDetObjective} ({@code epig-logdet}, paper eq. (67)): keeps
 * M_B⁻¹ and (M_B + F_eval)⁻¹ with M_B = H + Σ_{j∈B} Fⱼ, H = λI + Σ_labeled Fⱼ, and broadcasts
 * the two Woodbury factors W₁, W₂ after every pick.
 */
public final class EpigLogDetDriver implements GreedyDriver {
    private final WoodburyInverse inverse;
    private final WoodburyInverse inversePlusEval;
    private final EpigLogDetObjective objective;

    /**
     * @param mInverse         H⁻¹
     * @param mPlusEvalInverse (H + F_eval)⁻¹
     * @param prior            H⁻¹ as the candidates need it for their initial S₁
     * @param priorPlusEval    (H + F_eval)⁻¹ as the candidates need it for their initial S₂
     */
    public EpigLogDetDriver(WoodburyInverse mInverse, WoodburyInverse mPlusEvalInverse, PriorInverse prior,
                            PriorInverse priorPlusEval, int r) {
        this.inverse = mInverse;
        this.inversePlusEval = mPlusEvalInverse;
        this.objective = new EpigLogDetObjective(prior, priorPlusEval, mInverse.c(), r);
    }

    /**
     * The driver for {@code epig-logdet}.
     *
     * @param p                the selection parameters (λ is used; the method is not checked)
     * @param labeledFisherSum Σ_labeled Fⱼ (D×D), or null when there is no labeled set (H = λI)
     * @param evalFisherMean   F_eval, the mean Fisher of the evaluation set (D×D; by default the pool)
     * @param d                embedding length
     * @param c                classes
     * @param r                columns of the candidates' factors
     */
    public static EpigLogDetDriver create(SelectionParams p, DMatrixRMaj labeledFisherSum,
                                          DMatrixRMaj evalFisherMean, int d, int c, int r) {
        return create(p, labeledFisherSum, evalFisherMean, d, c, r, Numerics.defaults());
    }

    /** As {@link #create(SelectionParams, DMatrixRMaj, DMatrixRMaj, int, int, int)}, with the safeguards of {@code numerics}. */
    public static EpigLogDetDriver create(SelectionParams p, DMatrixRMaj labeledFisherSum,
                                          DMatrixRMaj evalFisherMean, int d, int c, int r, Numerics numerics) {
        int dim = c * d;
        if (evalFisherMean == null || evalFisherMean.numRows != dim || evalFisherMean.numCols != dim) {
            throw new IllegalArgumentException("epig-logdet needs the eval Fisher mean as a " + dim + "×" + dim
                    + " matrix");
        }
        if (labeledFisherSum != null && (labeledFisherSum.numRows != dim || labeledFisherSum.numCols != dim)) {
            throw new IllegalArgumentException("epig-logdet: the labeled Fisher sum must be " + dim + "×" + dim);
        }
        DMatrixRMaj h;
        PriorInverse prior;
        WoodburyInverse hInverse;
        if (labeledFisherSum == null) {
            h = FisherSum.plusRidge(new DMatrixRMaj(dim, dim), p.lambda());
            prior = PriorInverse.isotropic(p.lambda(), d, c);
            hInverse = WoodburyInverse.isotropic(p.lambda(), d, c, numerics);
        } else {
            h = FisherSum.plusRidge(labeledFisherSum, p.lambda());
            DMatrixRMaj inv = SpdOps.invert(h, MethodPlans.H, numerics);
            prior = PriorInverse.dense(inv, d, c);
            hInverse = new WoodburyInverse(inv.copy(), d, c, numerics);
        }
        DMatrixRMaj hPlusEval = h.copy();
        CommonOps_DDRM.addEquals(hPlusEval, evalFisherMean);
        DMatrixRMaj plusEvalInverse = SpdOps.invert(hPlusEval, "H + F_eval", numerics);
        return new EpigLogDetDriver(hInverse, new WoodburyInverse(plusEvalInverse.copy(), d, c, numerics),
                prior, PriorInverse.dense(plusEvalInverse, d, c), r);
    }

    @Override
    public GreedyObjective objective() {
        return objective;
    }

    @Override
    public StepMessage afterPick(Pick pick) {
        int c = inverse.c();
        int d = inverse.d();
        int r = pick.factor.length / c;
        DMatrixRMaj w1 = inverse.addFactor(pick.phi, pick.factor, r);
        DMatrixRMaj w2 = inversePlusEval.addFactor(pick.phi, pick.factor, r);
        return new StepMessage(new double[][] {KroneckerOps.projectionLayout(w1, d, c),
                KroneckerOps.projectionLayout(w2, d, c)}, new int[] {r, r}, new double[0]);
    }

    /** M_B⁻¹ after the picks so far. */
    public DMatrixRMaj currentInverse() {
        return inverse.inverse();
    }

    /** (M_B + F_eval)⁻¹ after the picks so far. */
    public DMatrixRMaj currentInversePlusEval() {
        return inversePlusEval.inverse();
    }
}
