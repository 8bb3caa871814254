package io.fisherselect.math.score;

import io.fisherselect.math.select.CandidateBlock;

/**
 * The prediction-space baselines: uncertainty of the model's predictive
 * distribution πᵢ alone, no embedding, no batch awareness (top-k). Larger = more uncertain.
 * They need class probabilities (a classification block).
 */
public final class PredictionScores {
    private PredictionScores() {
    }

    /** Predictive entropy H[πᵢ] = −Σ_c π_c log π_c, with 0 log 0 = 0 (nats). */
    public static ItemScore entropy() {
        return (b, row, scratch) -> {
            double[] p = probs(b, "entropy");
            int off = row * b.c;
            double h = 0;
            for (int j = 0; j < b.c; j++) {
                double x = p[off + j];
                if (x > 0) {
                    h -= x * Math.log(x);
                }
            }
            return h;
        };
    }

    /**
     * Margin sampling, negated so that larger is more uncertain: −(π_top1 − π_top2), the gap between
     * the two most probable classes; in [−1, 0], 0 for a tie at the top. With a single class
     * (C = 1) π_top2 is taken as 0, so the score is −1.
     */
    public static ItemScore margin() {
        return (b, row, scratch) -> {
            double[] p = probs(b, "margin");
            int off = row * b.c;
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < b.c; j++) {
                double x = p[off + j];
                if (x > first) {
                    second = first;
                    first = x;
                } else if (x > second) {
                    second = x;
                }
            }
            boolean haveSecond = second != Double.NEGATIVE_INFINITY;
            return -(first - (haveSecond ? second : 0.0));
        };
    }

    /** Least confidence 1 − max_c π_c, in [0, 1 − 1/C]. */
    public static ItemScore leastConfidence() {
        return (b, row, scratch) -> {
            double[] p = probs(b, "least-confidence");
            int off = row * b.c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < b.c; j++) {
                max = Math.max(max, p[off + j]);
            }
            return 1.0 - max;
        };
    }

    static double[] probs(CandidateBlock b, String method) {
        if (b.probs == null) {
            throw new IllegalArgumentException(method + " needs class probabilities (a classification set with probs or logits)");
        }
        return b.probs;
    }
}
