package io.fisherselect.math.method;

import io.fisherselect.math.inverse.IsotropicLowRankInverse;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.select.Pick;
import io.fisherselect.math.select.StepMessage;

import io.fisherselect.math.fisher.KroneckerOps;
import org.ejml.data.DMatrixRMaj;

/**
 * Driver side of {@link LogDetInformationObjective} ({@code logdet}, {@code logdet-mi},
 * {@code logdet-cmi}): keeps M_A⁻¹ = (λI + Σ_{a∈A} h_a h_aᵀ)⁻¹ in low-rank form
 * ({@link IsotropicLowRankInverse}, O(D·k) memory) and the query/private sets
 * ({@link LogDetReferenceSet}, D×m dense plus m×m matrices). After a pick j it broadcasts
 * w = M_A⁻¹hⱼ/√(1 + hⱼᵀM_A⁻¹hⱼ) in projection layout and {@code extra} =
 * [p = H_Rᵀw (m), B̃_P (p²), B̃_R (m²)]. Use the factories {@link LogDetSimilarity},
 * {@link LogDetMutualInformation}, {@link LogDetConditionalMutualInformation}.
 */
public final class LogDetInformationDriver implements GreedyDriver {
    private final Kernel kernel;
    private final int d;
    private final int c;
    private final IsotropicLowRankInverse inverse;
    private final LogDetReferenceSet reference;
    private final LogDetInformationObjective objective;

    public LogDetInformationDriver(Kernel kernel, double lambda, int d, int c, LogDetReferenceSet reference,
                                   boolean mutualInformation) {
        this.kernel = kernel;
        this.d = d;
        this.c = c;
        this.inverse = new IsotropicLowRankInverse(lambda, c * d);
        this.reference = reference;
        this.objective = new LogDetInformationObjective(kernel, lambda, d, c, reference.size(),
                reference.privateSize(), mutualInformation, reference.layout(), reference.weights(), reference.advice());
    }

    @Override
    public GreedyObjective objective() {
        return objective;
    }

    @Override
    public StepMessage afterPick(Pick pick) {
        if (pick.factor.length != c || pick.phi.length != d) {
            throw new IllegalArgumentException("pick '" + pick.id + "': expected a gradient embedding with d = " + d
                    + ", C = " + c + " (r = 1), got " + pick.phi.length + " embedding and " + pick.factor.length
                    + " factor values");
        }
        double[] h = kernel.vector(pick.phi, 0, d, pick.factor, 0, c);
        double[] w = inverse.add(h);
        double[] pv = reference.absorb(w);
        double[] weights = reference.weights();
        double[] extra = new double[pv.length + weights.length];
        System.arraycopy(pv, 0, extra, 0, pv.length);
        System.arraycopy(weights, 0, extra, pv.length, weights.length);
        double[] layout = KroneckerOps.projectionLayout(new DMatrixRMaj(c * d, 1, true, w), d, c);
        return new StepMessage(new double[][] {layout}, new int[] {1}, extra);
    }
}
