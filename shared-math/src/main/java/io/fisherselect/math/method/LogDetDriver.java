package io.fisherselect.math.method;

import io.fisherselect.math.inverse.PriorInverse;
import io.fisherselect.math.inverse.WoodburyInverse;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.KroneckerOps;
import org.ejml.data.DMatrixRMaj;

/**
 * Driver side of {@link LogDetObjective}: keeps M_B⁻¹ and broadcasts W after every pick.
 */
public final class LogDetDriver implements GreedyDriver {
    private final WoodburyInverse inverse;
    private final LogDetObjective objective;

    /**
     * @param m0Inverse M₀⁻¹ (H⁻¹ for eig-logdet, I/λ for logdet)
     * @param prior     the same inverse as the candidates need it for their initial states
     */
    public LogDetDriver(WoodburyInverse m0Inverse, PriorInverse prior, int r, double scale, double offset) {
        this.inverse = m0Inverse;
        this.objective = new LogDetObjective(prior, m0Inverse.c(), r, scale, offset);
    }

    @Override
    public GreedyObjective objective() {
        return objective;
    }

    @Override
    public StepMessage afterPick(Pick pick) {
        int r = pick.factor.length / inverse.c();
        DMatrixRMaj w = inverse.addFactor(pick.phi, pick.factor, r);
        return new StepMessage(new double[][] {KroneckerOps.projectionLayout(w, inverse.d(), inverse.c())},
                new int[] {r}, new double[0]);
    }

    public DMatrixRMaj currentInverse() {
        return inverse.inverse();
    }
}
