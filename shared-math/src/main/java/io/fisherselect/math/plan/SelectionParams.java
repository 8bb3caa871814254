package io.fisherselect.math.plan;

import io.fisherselect.math.method.Kernel;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import java.io.Serializable;

/**
 * The typed parameters of one selection, with their defaults ({@link #of}) and validation.
 *
 * @param method        the acquisition function
 * @param k             batch size
 * @param lambda        prior precision λ of H = λI + Σ_labeled Fⱼ; LogDet's λ (> 0)
 * @param seed          seed of every random choice
 * @param likelihood    softmax or gaussian
 * @param noiseVariance σ² of the gaussian likelihood
 * @param fisherRank    columns of the softmax Fisher factor (0: all C, exact)
 * @param bias          append a constant 1 to embeddings
 * @param kernel        LogDet family: dot or cosine similarity of gradient embeddings
 * @param eta           LogDetMI/CMI query magnification η
 * @param nu            LogDetCMI privacy hardness ν
 * @param sampling      stochastic batch acquisition on a top-k score, or null for plain top-k
 * @param beta          inverse temperature β of the sampling
 */
public record SelectionParams(AcquisitionMethod method, int k, double lambda, long seed,
                              FactorSpec.Likelihood likelihood, double noiseVariance, int fisherRank,
                              boolean bias, Kernel kernel, double eta, double nu,
                              StochasticAcquisition.Mode sampling, double beta) implements Serializable {

    public SelectionParams {
        if (method == null) {
            throw new IllegalArgumentException("a method is required");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        positive("lambda", lambda);
        positive("noise variance", noiseVariance);
        if (fisherRank < 0) {
            throw new IllegalArgumentException("fisher rank must be ≥ 0 (0 = all classes), got " + fisherRank);
        }
        if (!Double.isFinite(eta) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("eta and nu must be finite, got " + eta + ", " + nu);
        }
        positive("beta", beta);
        if (sampling != null && !method.isScore()) {
            throw new IllegalArgumentException("--sampling applies to top-k scores; " + method.cliName()
                    + " is a " + method.kind().name().toLowerCase(java.util.Locale.ROOT) + " method");
        }
        if (likelihood == FactorSpec.Likelihood.GAUSSIAN && !method.supportsRegression()) {
            throw new IllegalArgumentException(method.cliName() + " needs class probabilities; it is not defined"
                    + " for --likelihood gaussian");
        }
        if (kernel == null) {
            throw new IllegalArgumentException("a kernel is required");
        }
    }

    /** The Fisher options with the defaults for the rest (dot kernel, η = ν = 1, no sampling). */
    public SelectionParams(AcquisitionMethod method, int k, double lambda, long seed, FactorSpec.Likelihood likelihood,
                           double noiseVariance, int fisherRank, boolean bias) {
        this(method, k, lambda, seed, likelihood, noiseVariance, fisherRank, bias, Kernel.DOT, 1.0, 1.0, null,
                StochasticAcquisition.DEFAULT_BETA);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v);
        }
    }

    /**
     * Defaults of the command line: λ = 1, seed 0, softmax, σ² = 1, exact rank, no bias, dot
     * kernel, η = ν = 1, no sampling, β = 1.
     */
    public static SelectionParams of(AcquisitionMethod method, int k) {
        return new SelectionParams(method, k, 1.0, 0L, FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false,
                Kernel.DOT, 1.0, 1.0, null, StochasticAcquisition.DEFAULT_BETA);
    }

    public SelectionParams withLambda(double l) {
        return new SelectionParams(method, k, l, seed, likelihood, noiseVariance, fisherRank, bias, kernel, eta, nu,
                sampling, beta);
    }

    public SelectionParams withSeed(long s) {
        return new SelectionParams(method, k, lambda, s, likelihood, noiseVariance, fisherRank, bias, kernel, eta, nu,
                sampling, beta);
    }

    public SelectionParams withK(int kk) {
        return new SelectionParams(method, kk, lambda, seed, likelihood, noiseVariance, fisherRank, bias, kernel, eta,
                nu, sampling, beta);
    }

    public SelectionParams withMethod(AcquisitionMethod m) {
        return new SelectionParams(m, k, lambda, seed, likelihood, noiseVariance, fisherRank, bias, kernel, eta, nu,
                sampling, beta);
    }

    /** The factor the method's candidates carry. */
    public FactorSpec factorSpec() {
        return new FactorSpec(method.factorKind(), likelihood, fisherRank, noiseVariance, bias);
    }

    /** The Fisher factor (for the labeled set and the eval / pool Fisher). */
    public FactorSpec fisherSpec() {
        return new FactorSpec(FactorSpec.Kind.FISHER, likelihood, fisherRank, noiseVariance, bias);
    }
}
