package io.fisherselect.math.score;

import io.fisherselect.math.select.CandidateBlock;

/**
 * Scores of labeled items (data pruning / core-sets, "Deep Learning on a Data Diet", Paul,
 * Ganguli &amp; Dziugaite 2021; paper §7.5): how large the loss gradient of the item's true label
 * yᵢ is at the current model. For the softmax last layer the gradient of the cross-entropy is
 * gᵢ = (πᵢ − e_y) ⊗ φᵢ, so its norm factorises.
 */
public final class LabelScores {
    private LabelScores() {
    }

    /**
     * GraNd, the gradient norm ‖H′[yᵢ | xᵢ, ω*]‖ = ‖(πᵢ − e_y) ⊗ φᵢ‖ = ‖πᵢ − e_y‖·‖φᵢ‖ (the
     * quantity inside eq. (79), at ω*, not averaged over training runs). φᵢ is the block's
     * embedding, including the bias column when one was appended (the bias weight's gradient is
     * part of the last layer's gradient).
     */
    public static ItemScore grand() {
        return (b, row, scratch) -> {
            double e = errorNorm(b, row, "grand");
            double p2 = 0;
            int po = b.phiOffset(row);
            for (int k = 0; k < b.d; k++) {
                p2 += b.phi[po + k] * b.phi[po + k];
            }
            return e * Math.sqrt(p2);
        };
    }

    /** EL2N, the error norm ‖πᵢ − e_y‖ (Paul et al. 2021), in [0, √2]. */
    public static ItemScore el2n() {
        return (b, row, scratch) -> errorNorm(b, row, "el2n");
    }

    /** ‖πᵢ − e_y‖ with the item's true label; an error naming the item if it has none. */
    static double errorNorm(CandidateBlock b, int row, String method) {
        double[] p = PredictionScores.probs(b, method);
        if (b.labels == null) {
            throw new IllegalArgumentException(method + " needs labels (the pool has no label column)");
        }
        int y = b.labels[row];
        if (y < 0 || y >= b.c) {
            throw new IllegalArgumentException(method + ": item '" + b.ids[row] + "' has label " + y
                    + ", expected a class index in 0.." + (b.c - 1));
        }
        int off = row * b.c;
        double s = 0;
        for (int j = 0; j < b.c; j++) {
            double r = p[off + j] - (j == y ? 1.0 : 0.0);
            s += r * r;
        }
        return Math.sqrt(s);
    }
}
