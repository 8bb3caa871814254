package io.fisherselect.math.plan;

import io.fisherselect.math.select.Conditioning;
import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.method.BadgeDriver;
import io.fisherselect.math.method.BaitDriver;
import io.fisherselect.math.method.EpigLogDetDriver;
import io.fisherselect.math.method.LogDetConditionalMutualInformation;
import io.fisherselect.math.method.LogDetDriver;
import io.fisherselect.math.method.LogDetMutualInformation;
import io.fisherselect.math.method.LogDetSimilarity;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.score.FisherScores;
import io.fisherselect.math.score.ItemScore;
import io.fisherselect.math.score.LabelScores;
import io.fisherselect.math.score.PredictionScores;
import io.fisherselect.math.score.RandomScore;
import java.util.EnumSet;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Turns a method and its {@link PlanInputs} into what a selector runs: an {@link ItemScore} for
 * top-k methods, a {@link GreedyDriver} for greedy and sampled ones. Shared by the in-memory and
 * the distributed selector, so that both start from the same numbers.
 */
public final class MethodPlans {
    private MethodPlans() {
    }

    /** The reductions a plan needs before it can be built. */
    public enum Reduction {
        /** Σ_labeled Fⱼ and n_L */
        LABELED_FISHER,
        /** Σ_pool Fᵢ and N (BAIT's F over pool ∪ labeled; EPIG's default F_eval) */
        POOL_FISHER,
        /** the query set's gradient embeddings on the driver */
        QUERY,
        /** the private set's gradient embeddings on the driver */
        PRIVATE
    }

    /**
     * @param hasLabeled whether a labeled set was given
     * @param hasEval    whether a separate eval set was given (EPIG)
     */
    public static Set<Reduction> needs(AcquisitionMethod m, boolean hasLabeled, boolean hasEval) {
        Set<Reduction> out = EnumSet.noneOf(Reduction.class);
        if (hasLabeled && m.usesLabeledSet()) {
            out.add(Reduction.LABELED_FISHER);
        }
        if (m == AcquisitionMethod.BAIT || (m == AcquisitionMethod.EPIG_LOGDET && !hasEval)) {
            out.add(Reduction.POOL_FISHER);
        }
        if (m.needsQuerySet()) {
            out.add(Reduction.QUERY);
        }
        if (m.needsPrivateSet()) {
            out.add(Reduction.PRIVATE);
        }
        return out;
    }

    /** H = λI + Σ_labeled Fⱼ (λI without a labeled set). */
    static DMatrixRMaj precision(SelectionParams p, PlanInputs in) {
        int dim = in.c() * in.d();
        DMatrixRMaj f = in.conditionedFisherSum() == null ? new DMatrixRMaj(dim, dim) : in.conditionedFisherSum();
        return FisherSum.plusRidge(f, p.lambda());
    }

    /** H⁻¹ as the candidates need it (isotropic without a labeled set). */
    public static PriorInverse priorInverse(SelectionParams p, PlanInputs in) {
        return priorInverse(p, in, null);
    }

    /** H⁻¹ as the candidates need it; a jitter needed to factorise H is recorded in {@code numerics}. */
    public static PriorInverse priorInverse(SelectionParams p, PlanInputs in, Numerics numerics) {
        if (in.conditionedFisherSum() == null) {
            return PriorInverse.isotropic(p.lambda(), in.d(), in.c());
        }
        return PriorInverse.dense(SpdOps.invert(precision(p, in), H, numerics), in.d(), in.c());
    }

    /** the name of H in messages and in the report */
    public static final String H = "H = λI + Σ F_labeled";

    /** The base score of a top-k method (before any {@code --sampling}). */
    public static ItemScore score(SelectionParams p, PlanInputs in) {
        return score(p, in, null);
    }

    /** The base score; a jitter needed to factorise H (eig-trace) is recorded in {@code numerics}. */
    public static ItemScore score(SelectionParams p, PlanInputs in, Numerics numerics) {
        boolean multiLabel = p.likelihood() == io.fisherselect.math.fisher.FactorSpec.Likelihood.BERNOULLI;
        return switch (p.method()) {
            case RANDOM -> RandomScore.uniform(p.seed());
            case ENTROPY -> multiLabel ? PredictionScores.multiLabelEntropy() : PredictionScores.entropy();
            case MARGIN -> multiLabel ? PredictionScores.multiLabelMargin() : PredictionScores.margin();
            case LEAST_CONFIDENCE -> multiLabel ? PredictionScores.multiLabelLeastConfidence()
                    : PredictionScores.leastConfidence();
            case EGL -> FisherScores.expectedGradientLength(multiLabel);
            case EIG_TRACE -> FisherScores.eigTrace(priorInverse(p, in, numerics), in.r());
            case GRAND -> LabelScores.grand();
            case EL2N -> LabelScores.el2n();
            default -> throw new IllegalArgumentException(p.method().cliName() + " is not a top-k method");
        };
    }

    /** The score whose top-k is the batch: the base score, or its Gumbel key under power/softmax sampling. */
    public static ItemScore selectionKey(SelectionParams p, PlanInputs in) {
        ItemScore base = score(p, in);
        if (p.sampling() == null) {
            return base;
        }
        return StochasticAcquisition.perturbed(base, p.sampling(), p.beta(), p.seed());
    }

    /** The driver of a greedy or sampled method. */
    public static GreedyDriver greedy(SelectionParams p, PlanInputs in) {
        return greedy(p, in, Numerics.defaults());
    }

    /**
     * The driver of a greedy or sampled method, with the numerical safeguards of {@code numerics}
     * (re-factorisation interval; jitter and drift are recorded there).
     */
    public static GreedyDriver greedy(SelectionParams p, PlanInputs in, Numerics numerics) {
        int d = in.d();
        int c = in.c();
        int r = in.r();
        return switch (p.method()) {
            case EIG_LOGDET -> {
                if (in.conditionedFisherSum() == null) {
                    yield new LogDetDriver(WoodburyInverse.isotropic(p.lambda(), d, c, numerics),
                            PriorInverse.isotropic(p.lambda(), d, c), r, 0.5, 0.0);
                }
                DMatrixRMaj hInverse = SpdOps.invert(precision(p, in), H, numerics);
                yield new LogDetDriver(new WoodburyInverse(hInverse.copy(), d, c, numerics),
                        PriorInverse.dense(hInverse, d, c), r, 0.5, 0.0);
            }
            case EPIG_LOGDET -> EpigLogDetDriver.create(p, in.conditionedFisherSum(), evalMean(in), d, c, r, numerics);
            case BAIT -> {
                // F over pool ∪ labeled as before; the pending items join the labeled term only
                long n = in.poolCount() + in.labeledCount();
                DMatrixRMaj f = in.poolFisherSum().copy();
                if (in.labeledFisherSum() != null) {
                    CommonOps_DDRM.addEquals(f, in.labeledFisherSum());
                }
                CommonOps_DDRM.scale(1.0 / n, f);
                DMatrixRMaj labeled = in.conditionedFisherSum();
                long labeledCount = in.conditionedCount();
                DMatrixRMaj labeledMean = null;
                if (labeled != null && labeledCount > 0) {
                    labeledMean = labeled.copy();
                    CommonOps_DDRM.scale(1.0 / labeledCount, labeledMean);
                }
                yield BaitDriver.create(p, labeledMean, labeledMean == null ? 0 : (int) labeledCount, f, d, c, r,
                        numerics);
            }
            case LOGDET -> LogDetSimilarity.driver(p, p.kernel(), d, c);
            case LOGDET_MI -> LogDetMutualInformation.driver(p, p.kernel(), in.query(), p.eta(), d, c);
            case LOGDET_CMI -> LogDetConditionalMutualInformation.driver(p, p.kernel(), in.query(), in.privateSet(),
                    p.eta(), p.nu(), d, c);
            case BADGE -> BadgeDriver.create(p, d, c);
            default -> throw new IllegalArgumentException(p.method().cliName() + " is not a greedy or sampled method");
        };
    }

    /**
     * The pending items entered into {@code driver} (none unless the method
     * {@link AcquisitionMethod#conditionsOnPendingByPicks}).
     */
    public static Conditioning conditioning(SelectionParams p, PlanInputs in, GreedyDriver driver) {
        if (in.pending() == null || !p.method().conditionsOnPendingByPicks()) {
            return Conditioning.none();
        }
        return Conditioning.of(driver, in.pending());
    }

    /**
     * The exact eig-logdet objective of each set B: ½ log det(H + Σ_B Fⱼ) − ½ log det H with
     * H = λI + Σ_labeled F (Kirsch &amp; Gal 2022, eq. (51): ½ log det(I + Σ_B Fⱼ H⁻¹)), one
     * Cholesky per set and one for H, without inverting H. The sum of a greedy's gains on B is the
     * same value ({@link Conditioning#gains}); this form scores sets chosen another way (e.g. by
     * an approximation) at a third of an inversion's cost.
     */
    public static double[] eigLogDetObjectives(SelectionParams p, PlanInputs in, java.util.List<CandidateBlock> sets) {
        DMatrixRMaj h = precision(p, in);
        double halfLogDetH = 0.5 * SpdOps.logDet(h, H);
        double[] out = new double[sets.size()];
        for (int i = 0; i < out.length; i++) {
            DMatrixRMaj posterior = FisherSum.of(sets.get(i));
            CommonOps_DDRM.addEquals(posterior, h);
            out[i] = 0.5 * SpdOps.logDet(posterior, "H + Σ_B F") - halfLogDetH;
        }
        return out;
    }

    /** F_eval: the eval set's mean, else the pool's mean Σ_pool Fᵢ / N. */
    static DMatrixRMaj evalMean(PlanInputs in) {
        if (in.evalFisherMean() != null) {
            return in.evalFisherMean();
        }
        if (in.poolFisherSum() == null) {
            throw new IllegalArgumentException("epig-logdet needs the pool's (or an eval set's) Fisher");
        }
        DMatrixRMaj mean = in.poolFisherSum().copy();
        CommonOps_DDRM.scale(1.0 / in.poolCount(), mean);
        return mean;
    }
}
