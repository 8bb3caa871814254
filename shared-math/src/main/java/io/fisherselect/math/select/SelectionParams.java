package io.fisherselect.math.select;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import java.io.Serializable;

/**
 * The typed parameters of one selection, with their defaults and validation.
 *
 * @param method        the acquisition function
 * @param k             batch size
 * @param lambda        prior precision λ of H = λI + Σ_labeled Fⱼ (> 0)
 * @param seed          seed of every random choice
 * @param likelihood    softmax or gaussian
 * @param noiseVariance σ² of the gaussian likelihood
 * @param fisherRank    columns of the softmax Fisher factor (0: all C, exact)
 * @param bias          append a constant 1 to embeddings
 */
public record SelectionParams(AcquisitionMethod method, int k, double lambda, long seed,
                              FactorSpec.Likelihood likelihood, double noiseVariance, int fisherRank,
                              boolean bias) implements Serializable {

    public SelectionParams {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive finite number, got " + lambda);
        }
        if (!(noiseVariance > 0) || Double.isInfinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be a positive finite number, got " + noiseVariance);
        }
        if (fisherRank < 0) {
            throw new IllegalArgumentException("fisher rank must be ≥ 0 (0 = all classes), got " + fisherRank);
        }
    }

    /** Defaults of the command line: λ = 1, seed 0, softmax, σ² = 1, exact rank, no bias. */
    public static SelectionParams of(AcquisitionMethod method, int k) {
        return new SelectionParams(method, k, 1.0, 0L, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false);
    }

    public SelectionParams withLambda(double l) {
        return new SelectionParams(method, k, l, seed, likelihood, noiseVariance, fisherRank, bias);
    }

    /** The factor the method's candidates carry. */
    public FactorSpec factorSpec() {
        return new FactorSpec(method.factorKind(), likelihood, fisherRank, noiseVariance, bias);
    }
}
