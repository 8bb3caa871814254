package io.fisherselect.job.cli;

import io.fisherselect.math.ClosestName;
import java.util.List;
import java.util.Locale;

/**
 * Option values checked before anything else runs, with messages that name the option (and the
 * closest valid name for a mistyped choice). The library types check the same values again
 * ({@link io.fisherselect.math.select.SelectionParams}); these only make the command line's
 * message clearer.
 */
final class OptionChecks {
    static final List<String> LIKELIHOODS = List.of("softmax", "bernoulli", "gaussian");
    static final List<String> KERNELS = List.of("dot", "cosine");
    static final List<String> SAMPLINGS = List.of("power", "softmax", "softrank");

    private OptionChecks() {
    }

    static void select(SelectCommand c) {
        if (c.k <= 0) {
            throw new IllegalArgumentException("--k must be a positive batch size, got " + c.k);
        }
        common(c.lambda, c.noise, c.fisherRank, c.likelihood, c.kernel);
        if (c.sampling != null) {
            choice("--sampling", c.sampling, SAMPLINGS);
        }
        positive("--beta", c.beta, "the sampling's inverse temperature");
    }

    static void score(ScoreCommand c) {
        common(c.lambda, c.noise, c.fisherRank, c.likelihood, c.kernel);
    }

    private static void common(double lambda, double noise, int fisherRank, String likelihood, String kernel) {
        positive("--lambda", lambda, "the prior precision: H = λI + Σ_labeled F must be positive definite");
        positive("--noise", noise, "the gaussian likelihood's noise variance σ²");
        if (fisherRank < 0) {
            throw new IllegalArgumentException("--fisher-rank must be ≥ 0 (0: all classes), got " + fisherRank);
        }
        choice("--likelihood", likelihood, LIKELIHOODS);
        choice("--kernel", kernel, KERNELS);
    }

    private static void positive(String option, double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + " must be a positive finite number (" + what + "), got " + v);
        }
    }

    private static void choice(String option, String value, List<String> valid) {
        if (value == null || !valid.contains(value.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown " + option + " '" + value + "'" + ClosestName.hint(value, valid)
                    + "; valid: " + String.join(", ", valid));
        }
    }
}
