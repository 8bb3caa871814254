package io.fisherselect.math.fisher;

import java.io.Serializable;

/**
 * Which factor Aᵢ (C×r, Vᵢ = Aᵢ ⊗ φᵢ) a method works with, and how embeddings are prepared.
 *
 * @param kind          Fisher factor, or a gradient embedding (pseudo-label or true label)
 * @param likelihood    softmax (classification), bernoulli (multi-label: independent sigmoid
 *                      outputs) or gaussian (regression)
 * @param rank          columns kept of a softmax Fisher factor (the most probable classes);
 *                      0 means all C (exact)
 * @param noiseVariance σ² of the gaussian likelihood
 * @param bias          append a constant 1 to every embedding
 */
public record FactorSpec(Kind kind, Likelihood likelihood, int rank, double noiseVariance, boolean bias)
        implements Serializable {

    public enum Kind {
        /** Vᵢ = Aᵢ ⊗ φᵢ with Aᵢ Aᵢᵀ = diag πᵢ − πᵢπᵢᵀ (or I/σ²): Fᵢ = VᵢVᵢᵀ */
        FISHER,
        /** gᵢ = (πᵢ − e_ŷ) ⊗ φᵢ, ŷ = argmax πᵢ (BADGE, LogDet); multi-label: (pᵢ − ŷ) ⊗ φᵢ, ŷ_c = [p_c > ½] */
        PSEUDO_LABEL_GRADIENT,
        /** gᵢ = (πᵢ − e_y) ⊗ φᵢ with the true label (GraNd) */
        LABEL_GRADIENT
    }

    public enum Likelihood {
        SOFTMAX, GAUSSIAN,
        /** C independent sigmoid outputs (multi-label): Fᵢ = diag(pᵢ ⊙ (1 − pᵢ)) ⊗ φᵢφᵢᵀ */
        BERNOULLI
    }

    public static FactorSpec fisher() {
        return new FactorSpec(Kind.FISHER, Likelihood.SOFTMAX, 0, 1.0, false);
    }

    /** Columns r of Aᵢ for C outputs. */
    public int columns(int c) {
        if (kind != Kind.FISHER) {
            return 1;
        }
        if (likelihood == Likelihood.GAUSSIAN || likelihood == Likelihood.BERNOULLI) {
            return c;
        }
        return rank <= 0 ? c : Math.min(rank, c);
    }

    /** Embedding length after the optional bias column. */
    public int embeddingLength(int rawLength) {
        return bias ? rawLength + 1 : rawLength;
    }

    /** Writes Aᵢ (C×r) for an item with probabilities {@code probs} (null for regression). */
    public void factor(double[] probs, int label, int c, double[] out, int off) {
        switch (kind) {
            case FISHER -> {
                if (likelihood == Likelihood.GAUSSIAN) {
                    FisherFactor.gaussian(c, noiseVariance, out, off);
                } else if (likelihood == Likelihood.BERNOULLI) {
                    FisherFactor.bernoulli(probs, out, off);
                } else {
                    FisherFactor.softmax(probs, columns(c), out, off);
                }
            }
            case PSEUDO_LABEL_GRADIENT -> {
                if (likelihood == Likelihood.BERNOULLI) {
                    FisherFactor.multiLabelGradient(probs, out, off);
                } else {
                    FisherFactor.labelGradient(probs, FisherFactor.argmax(probs), out, off);
                }
            }
            case LABEL_GRADIENT -> FisherFactor.labelGradient(probs, label, out, off);
            default -> throw new IllegalStateException(kind.toString());
        }
    }
}
