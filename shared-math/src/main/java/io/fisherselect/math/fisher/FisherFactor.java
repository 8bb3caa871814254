package io.fisherselect.math.fisher;

/**
 * The C×r factor Aᵢ of an item's last-layer Fisher information Fᵢ = VᵢVᵢᵀ, Vᵢ = Aᵢ ⊗ φᵢ
 * (paper §4, Prop. 4.9–4.11: for a generalized linear model the Hessian of the last layer does
 * not depend on y and equals the Fisher information).
 *
 * <p>All factors are written row-major into {@code out[off .. off + C·r)}.
 */
public final class FisherFactor {
    private FisherFactor() {
    }

    /**
     * Softmax likelihood: Aᵢ = diag(√π) − π √πᵀ, so AAᵀ = diag π − ππᵀ (the Hessian of the
     * cross-entropy in the logits). Column c is √π_c (e_c − π). With {@code rank < C} only the
     * columns of the {@code rank} most probable classes are kept (ties to the lower class index),
     * in class order: a low-rank approximation of Fᵢ that is exact for rank = C.
     */
    public static void softmax(double[] probs, int rank, double[] out, int off) {
        int c = probs.length;
        if (rank < 1 || rank > c) {
            throw new IllegalArgumentException("rank must be in 1.." + c + ", got " + rank);
        }
        int[] cols = rank == c ? null : topClasses(probs, rank);
        for (int j = 0; j < rank; j++) {
            int col = cols == null ? j : cols[j];
            double s = Math.sqrt(probs[col]);
            for (int i = 0; i < c; i++) {
                double e = i == col ? 1.0 : 0.0;
                out[off + i * rank + j] = s * (e - probs[i]);
            }
        }
    }

    /**
     * Gaussian likelihood with {@code outputs} independent outputs and noise variance σ²:
     * Fᵢ = (I/σ²) ⊗ φφᵀ, so Aᵢ = I/σ (outputs × outputs).
     */
    public static void gaussian(int outputs, double noiseVariance, double[] out, int off) {
        double s = 1.0 / Math.sqrt(noiseVariance);
        for (int i = 0; i < outputs; i++) {
            for (int j = 0; j < outputs; j++) {
                out[off + i * outputs + j] = i == j ? s : 0.0;
            }
        }
    }

    /**
     * Bernoulli likelihood (C independent sigmoid outputs, multi-label): the negative
     * log-likelihood Σ_c −y_c log p_c − (1 − y_c) log(1 − p_c) with p_c = σ(z_c) has the Hessian
     * diag(p ⊙ (1 − p)) in the logits z, whatever the labels, so the last layer is again a GLM and
     * Fᵢ = diag(pᵢ ⊙ (1 − pᵢ)) ⊗ φᵢφᵢᵀ (docs/math.md "Multi-label"); Aᵢ = diag(√(p_c (1 − p_c))),
     * C×C, rank C.
     */
    public static void bernoulli(double[] probs, double[] out, int off) {
        int c = probs.length;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                out[off + i * c + j] = i == j ? Math.sqrt(probs[i] * (1.0 - probs[i])) : 0.0;
            }
        }
    }

    /**
     * The C×1 factor of the multi-label gradient embedding gᵢ = (p − ŷ) ⊗ φ of the Bernoulli
     * log-likelihood at the hard pseudo-labels ŷ_c = [p_c &gt; ½] (BADGE and LogDet).
     */
    public static void multiLabelGradient(double[] probs, double[] out, int off) {
        for (int i = 0; i < probs.length; i++) {
            out[off + i] = probs[i] - (probs[i] > 0.5 ? 1.0 : 0.0);
        }
    }

    /**
     * The C×1 factor of the gradient embedding gᵢ = (π − e_y) ⊗ φ of the cross-entropy at label y
     * (BADGE and LogDet use the hard pseudo-label y = argmax π, GraNd the true label).
     */
    public static void labelGradient(double[] probs, int label, double[] out, int off) {
        for (int i = 0; i < probs.length; i++) {
            out[off + i] = probs[i] - (i == label ? 1.0 : 0.0);
        }
    }

    /** argmax π, ties to the lower class index. */
    public static int argmax(double[] probs) {
        int best = 0;
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The indices of the {@code r} largest probabilities, in increasing class order. */
    static int[] topClasses(double[] probs, int r) {
        int c = probs.length;
        boolean[] taken = new boolean[c];
        for (int t = 0; t < r; t++) {
            int best = -1;
            for (int i = 0; i < c; i++) {
                if (!taken[i] && (best < 0 || probs[i] > probs[best])) {
                    best = i;
                }
            }
            taken[best] = true;
        }
        int[] cols = new int[r];
        int n = 0;
        for (int i = 0; i < c; i++) {
            if (taken[i]) {
                cols[n++] = i;
            }
        }
        return cols;
    }
}
