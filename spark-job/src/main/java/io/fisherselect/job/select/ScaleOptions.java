package io.fisherselect.job.select;

import io.fisherselect.math.AcquisitionMethod;
import java.io.Serializable;
import java.util.Locale;

/**
 * How a selection scales (docs/math.md "Scale modes and approximations"): the greedy
 * mode, BADGE's seeding and the large-D approximations. The defaults are exact.
 *
 * @param mode           {@code exact} (one Spark job per pick), {@code partitioned} (GreeDi: k′ per
 *                       partition, final greedy over the union on the driver) or {@code prefilter}
 *                       (exact greedy over the top-M items of a cheap score)
 * @param partitionK     k′ of {@code partitioned} (0: k)
 * @param candidates     M of {@code prefilter} (required there)
 * @param prefilterScore the cheap score of {@code prefilter} (a top-k method), or null for the
 *                       method's default ({@link AcquisitionMethod#prefilterScore})
 * @param init           BADGE's seeding: {@code kmeans-pp} (exact k-means++) or {@code kmeans-parallel}
 * @param kmeansRounds   oversampling rounds of k-means‖
 * @param oversampling   ℓ, expected candidates per k-means‖ round (0: 2k)
 * @param evalSample     estimate the eval-side Fisher (EPIG's F_eval, BAIT's F) from a seeded sample
 *                       of this many items (0: every item)
 * @param fisher         {@code dense} (exact Σ Fᵢ) or {@code kfac} (Kronecker-factored)
 * @param sketch         project embeddings to this many dims with a seeded Gaussian sketch (0: none)
 */
public record ScaleOptions(Mode mode, int partitionK, int candidates, AcquisitionMethod prefilterScore, Init init,
                           int kmeansRounds, int oversampling, int evalSample, FisherApprox fisher, int sketch)
        implements Serializable {

    /** The greedy's mode. */
    public enum Mode {
        EXACT, PARTITIONED, PREFILTER;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode fromCliName(String s) {
            for (Mode m : values()) {
                if (m.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown --mode '" + s + "'; valid: exact, partitioned, prefilter");
        }
    }

    /** BADGE's seeding. */
    public enum Init {
        KMEANS_PP("kmeans-pp"), KMEANS_PARALLEL("kmeans-parallel");

        private final String cliName;

        Init(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Init fromCliName(String s) {
            for (Init m : values()) {
                if (m.cliName.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown --init '" + s + "'; valid: kmeans-pp, kmeans-parallel");
        }
    }

    /** How the Fisher sums are computed. */
    public enum FisherApprox {
        DENSE, KFAC;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static FisherApprox fromCliName(String s) {
            for (FisherApprox m : values()) {
                if (m.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown --fisher '" + s + "'; valid: dense, kfac");
        }
    }

    public ScaleOptions {
        if (mode == null || init == null || fisher == null) {
            throw new IllegalArgumentException("mode, init and fisher are required");
        }
        nonNegative("--partition-k", partitionK);
        nonNegative("--candidates", candidates);
        nonNegative("--oversampling", oversampling);
        nonNegative("--eval-sample", evalSample);
        nonNegative("--sketch", sketch);
        if (kmeansRounds < 1) {
            throw new IllegalArgumentException("--kmeans-rounds must be ≥ 1, got " + kmeansRounds);
        }
        if (mode == Mode.PREFILTER && candidates <= 0) {
            throw new IllegalArgumentException("--mode prefilter needs --candidates M > 0");
        }
        if (prefilterScore != null && (!prefilterScore.isScore() || prefilterScore.needsLabels())) {
            throw new IllegalArgumentException("--prefilter-score must be a top-k score that needs no labels"
                    + " (entropy, margin, least-confidence, egl, eig-trace, random), got " + prefilterScore.cliName());
        }
    }

    private static void nonNegative(String option, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(option + " must be ≥ 0, got " + v);
        }
    }

    /** Everything exact: what a run without any of these options does. */
    public static ScaleOptions defaults() {
        return new ScaleOptions(Mode.EXACT, 0, 0, null, Init.KMEANS_PP, 5, 0, 0, FisherApprox.DENSE, 0);
    }

    public ScaleOptions withMode(Mode m, int kPrime, int m2) {
        return new ScaleOptions(m, kPrime, m2, prefilterScore, init, kmeansRounds, oversampling, evalSample, fisher,
                sketch);
    }

    /**
     * Checks the options against the method and k.
     *
     * @throws IllegalArgumentException for a combination that does not apply
     */
    public void check(AcquisitionMethod method, int k) {
        if (mode != Mode.EXACT && method.kind() == AcquisitionMethod.Kind.TOP_K) {
            throw new IllegalArgumentException("--mode " + mode.cliName() + " applies to greedy methods; "
                    + method.cliName() + " is a top-k method (already one pass)");
        }
        if (init == Init.KMEANS_PARALLEL && method != AcquisitionMethod.BADGE) {
            throw new IllegalArgumentException("--init kmeans-parallel applies to badge, not " + method.cliName());
        }
        if (init == Init.KMEANS_PARALLEL && mode != Mode.EXACT) {
            throw new IllegalArgumentException("--init kmeans-parallel replaces --mode; use --mode exact");
        }
        if (mode == Mode.PREFILTER && candidates < k) {
            throw new IllegalArgumentException("--candidates M = " + candidates + " must be ≥ k = " + k);
        }
    }

    /** k′ of the partitioned mode. */
    public int partitionK(int k) {
        return partitionK > 0 ? partitionK : k;
    }

    /** ℓ of k-means‖. */
    public int oversampling(int k) {
        return oversampling > 0 ? oversampling : 2 * k;
    }

    /** The prefilter's score: the given one, else the method's default. */
    public AcquisitionMethod prefilterScore(AcquisitionMethod method) {
        return prefilterScore != null ? prefilterScore : method.prefilterScore();
    }
}
