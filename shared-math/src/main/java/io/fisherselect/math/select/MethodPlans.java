package io.fisherselect.math.select;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FisherSum;
import io.fisherselect.math.linalg.SpdOps;
import io.fisherselect.math.score.FisherScores;
import io.fisherselect.math.score.ItemScore;
import org.ejml.data.DMatrixRMaj;

/**
 * Turns a method and the reduced matrices (the labeled Fisher sum) into what a selector runs:
 * an {@link ItemScore} for top-k methods, a {@link GreedyDriver} for greedy ones. Shared by the
 * in-memory and the distributed selector so that both start from the same numbers.
 */
public final class MethodPlans {
    private MethodPlans() {
    }

    /**
     * H⁻¹ for H = λI + labeledFisher (isotropic when there is no labeled set).
     *
     * @param labeledFisher Σ_labeled Fⱼ, or null
     */
    public static PriorInverse priorInverse(SelectionParams p, DMatrixRMaj labeledFisher, int d, int c) {
        if (labeledFisher == null || !p.method().usesLabeledSet()) {
            return PriorInverse.isotropic(p.lambda(), d, c);
        }
        return PriorInverse.dense(SpdOps.invert(FisherSum.plusRidge(labeledFisher, p.lambda()), "H = λI + Σ F_labeled"), d, c);
    }

    public static ItemScore score(SelectionParams p, DMatrixRMaj labeledFisher, int d, int c, int r) {
        return switch (p.method()) {
            case EGL -> FisherScores.expectedGradientLength();
            case EIG_TRACE -> FisherScores.eigTrace(priorInverse(p, labeledFisher, d, c), r);
            default -> throw new IllegalArgumentException(p.method().cliName() + " is not a top-k method");
        };
    }

    public static GreedyDriver greedy(SelectionParams p, DMatrixRMaj labeledFisher, int d, int c, int r) {
        if (p.method() == AcquisitionMethod.EIG_LOGDET) {
            PriorInverse prior = priorInverse(p, labeledFisher, d, c);
            WoodburyInverse m = labeledFisher == null
                    ? WoodburyInverse.isotropic(p.lambda(), d, c)
                    : new WoodburyInverse(SpdOps.invert(FisherSum.plusRidge(labeledFisher, p.lambda()), "H"), d, c);
            return new LogDetDriver(m, prior, r, 0.5, 0.0);
        }
        throw new IllegalArgumentException(p.method().cliName() + " is not a greedy method");
    }
}
