package io.fisherselect.job.select;

import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.select.MultiRoundGreedy;
import java.io.Serializable;
import java.util.Locale;

/**
 * How a selection scales (docs/math.md "Scale modes and approximations"): the greedy
 * mode, BADGE's seeding and the large-D approximations. The defaults are exact, but for two
 * choices made against the data: the mode {@code auto}, which is the exact greedy unless the batch
 * is very large ({@link ModeChoice}), and {@code approximation auto}, which sketches a large D
 * ({@link ApproximationChoice}).
 *
 * @param mode           {@code auto} ({@code multiround} for a large greedy batch, else {@code exact};
 *                       {@link ModeChoice}), {@code exact} (one Spark job per pick), {@code partitioned} (GreeDi: k′ per
 *                       partition, final greedy over the union on the driver), {@code prefilter}
 *                       (exact greedy over the top-M items of a cheap score) or {@code multiround}
 *                       (multi-round partitioned greedy, {@link MultiRoundGreedy})
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
 * @param partitionSize  P of {@code multiround}: the most survivors one part holds (0: the default
 *                       of {@link MultiRoundGreedy.Settings#defaults}, 10,000)
 * @param shrink         ρ &gt; 1 of {@code multiround}: a round keeps about 1/ρ of its survivors
 * @param stochasticEpsilon ε of stochastic greedy inside {@code multiround}'s parts, in [0, 1)
 *                       (0: the plain greedy)
 * @param clustering     how {@code cluster-margin} clusters the pool ({@link Clustering})
 * @param clusterMargin  {@code cluster-margin}'s clusters, shortlist k_m and distance cut
 * @param approximation  {@code auto} (a sketch chosen for large D, {@link ApproximationChoice}) or
 *                       {@code exact} (never approximated)
 */
public record ScaleOptions(Mode mode, int partitionK, int candidates, AcquisitionMethod prefilterScore, Init init,
                           int kmeansRounds, int oversampling, int evalSample, FisherApprox fisher, int sketch,
                           int partitionSize, double shrink, double stochasticEpsilon, Clustering clustering,
                           ClusterMargin.Settings clusterMargin, Approximation approximation)
        implements Serializable {

    /**
     * Whether the large-D approximations may be chosen for the user: {@code auto} sketches when
     * the driver's dense state does not fit or D is above the limit of exact initial states
     * ({@link ApproximationChoice}); {@code exact} never approximates. A given {@code --sketch}
     * or {@code --fisher kfac} is always respected.
     */
    public enum Approximation {
        AUTO, EXACT;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Approximation fromCliName(String s) {
            for (Approximation a : values()) {
                if (a.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown --approximation '" + s + "'; valid: auto, exact");
        }
    }

    /**
     * The clustering of {@code cluster-margin}: average-linkage HAC on the driver as published
     * (O(N²), pools up to {@link #HAC_AUTO_LIMIT} by default) or MLlib's bisecting k-means on the
     * executors; {@code auto} picks HAC up to that size.
     */
    public enum Clustering {
        AUTO("auto"), HAC("hac"), BISECTING_KMEANS("bisecting-kmeans");

        private final String cliName;

        Clustering(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Clustering fromCliName(String s) {
            for (Clustering c : values()) {
                if (c.cliName.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown --clustering '" + s + "'; valid: auto, hac, bisecting-kmeans");
        }
    }

    /** the largest pool {@code --clustering auto} clusters with HAC (N(N−1)/2 doubles ≈ 100 MB) */
    public static final long HAC_AUTO_LIMIT = 5_000;

    /** The clustering that runs for a pool of n items. */
    public Clustering clustering(long n) {
        if (clustering != Clustering.AUTO) {
            return clustering;
        }
        return n <= HAC_AUTO_LIMIT ? Clustering.HAC : Clustering.BISECTING_KMEANS;
    }

    /** Without the settings of {@code multiround}, {@code cluster-margin} and the approximation (their defaults). */
    public ScaleOptions(Mode mode, int partitionK, int candidates, AcquisitionMethod prefilterScore, Init init,
                        int kmeansRounds, int oversampling, int evalSample, FisherApprox fisher, int sketch) {
        this(mode, partitionK, candidates, prefilterScore, init, kmeansRounds, oversampling, evalSample, fisher, sketch,
                0, MultiRoundGreedy.Settings.DEFAULT_SHRINK, 0.0, Clustering.AUTO, ClusterMargin.Settings.defaults(),
                Approximation.AUTO);
    }

    /**
     * The greedy's mode. {@code AUTO} is resolved to {@code EXACT} or {@code MULTIROUND} once the
     * candidates are counted ({@link ModeChoice}); the others are what runs.
     */
    public enum Mode {
        AUTO, EXACT, PARTITIONED, PREFILTER, MULTIROUND;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode fromCliName(String s) {
            for (Mode m : values()) {
                if (m.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown --mode '" + s + "'; valid: auto, exact, partitioned,"
                    + " prefilter, multiround");
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
        if (mode == null || init == null || fisher == null || clustering == null || clusterMargin == null
                || approximation == null) {
            throw new IllegalArgumentException("mode, init, fisher, clustering, the cluster-margin settings and the"
                    + " approximation are required");
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

    /**
     * Everything exact, {@code --mode exact} included (a run without these options has {@code --mode
     * auto}), with {@code approximation auto} (which the selection resolves against the data,
     * {@link ApproximationChoice}).
     */
    public static ScaleOptions defaults() {
        return new ScaleOptions(Mode.EXACT, 0, 0, null, Init.KMEANS_PP, 5, 0, 0, FisherApprox.DENSE, 0);
    }

    public ScaleOptions withMode(Mode m, int kPrime, int m2) {
        return new ScaleOptions(m, kPrime, m2, prefilterScore, init, kmeansRounds, oversampling, evalSample, fisher,
                sketch, partitionSize, shrink, stochasticEpsilon, clustering, clusterMargin, approximation);
    }

    /** {@code cluster-margin}'s clustering and settings. */
    public ScaleOptions withClusterMargin(Clustering c, ClusterMargin.Settings s) {
        return new ScaleOptions(mode, partitionK, candidates, prefilterScore, init, kmeansRounds, oversampling,
                evalSample, fisher, sketch, partitionSize, shrink, stochasticEpsilon, c, s, approximation);
    }

    /** {@code --mode multiround} with P (0: default), ρ and ε. */
    public ScaleOptions withMultiRound(int size, double rho, double epsilon) {
        return new ScaleOptions(Mode.MULTIROUND, partitionK, candidates, prefilterScore, init, kmeansRounds,
                oversampling, evalSample, fisher, sketch, size, rho, epsilon, clustering, clusterMargin, approximation);
    }

    /** With the embeddings sketched to m dims (0: none): what {@code --approximation auto} resolved to. */
    public ScaleOptions withSketch(int m) {
        return new ScaleOptions(mode, partitionK, candidates, prefilterScore, init, kmeansRounds, oversampling,
                evalSample, fisher, m, partitionSize, shrink, stochasticEpsilon, clustering, clusterMargin,
                approximation);
    }

    /** The settings of {@code multiround} for a batch of k. */
    public MultiRoundGreedy.Settings multiRound(int k) {
        int size = partitionSize > 0 ? partitionSize : MultiRoundGreedy.Settings.DEFAULT_PARTITION_SIZE;
        return new MultiRoundGreedy.Settings(size, shrink, stochasticEpsilon);
    }

    /** The same options with the mode that runs ({@code auto} resolved, {@link ModeChoice}). */
    public ScaleOptions resolved(Mode m) {
        return new ScaleOptions(m, partitionK, candidates, prefilterScore, init, kmeansRounds, oversampling, evalSample,
                fisher, sketch, partitionSize, shrink, stochasticEpsilon, clustering, clusterMargin, approximation);
    }

    /** Whether the mode is {@code exact} or {@code auto}: what top-k, cluster-margin and k-means‖ accept. */
    private boolean exactOrAuto() {
        return mode == Mode.EXACT || mode == Mode.AUTO;
    }

    /**
     * Whether a {@code multiround} batch of k is the union of the last round's parts (k &gt; P):
     * then each part's gains are its own and their running sum is no objective trajectory.
     */
    public boolean unionOfParts(int k) {
        return mode == Mode.MULTIROUND && multiRound(k).partitionSize() < k;
    }

    /**
     * Checks the options against the method and k.
     *
     * @throws IllegalArgumentException for a combination that does not apply
     */
    public void check(AcquisitionMethod method, int k) {
        if (!exactOrAuto() && method.kind() == AcquisitionMethod.Kind.TOP_K) {
            throw new IllegalArgumentException("--mode " + mode.cliName() + " applies to greedy methods; "
                    + method.cliName() + " is a top-k method (already one pass)");
        }
        if (init == Init.KMEANS_PARALLEL && method != AcquisitionMethod.BADGE) {
            throw new IllegalArgumentException("--init kmeans-parallel applies to badge, not " + method.cliName());
        }
        if (init == Init.KMEANS_PARALLEL && !exactOrAuto()) {
            throw new IllegalArgumentException("--init kmeans-parallel replaces --mode; use --mode exact or auto");
        }
        // each round draws ℓ items in expectation (at most), after one first center: with 1 + ℓR < k
        // the weighted k-means++ has too few candidates unless extra rounds make up for them
        if (init == Init.KMEANS_PARALLEL && 1 + (long) oversampling(k) * kmeansRounds < k) {
            throw new IllegalArgumentException("--oversampling " + oversampling(k) + " × --kmeans-rounds "
                    + kmeansRounds + " gathers about " + (1 + (long) oversampling(k) * kmeansRounds)
                    + " k-means‖ candidates, fewer than --k " + k + "; use --oversampling ≥ "
                    + (k - 1 + kmeansRounds - 1) / kmeansRounds + " (or 0: 2k)");
        }
        if (mode == Mode.MULTIROUND && !MultiRoundGreedy.supports(method)) {
            throw new IllegalArgumentException("--mode multiround applies to greedy methods; " + method.cliName()
                    + (method == AcquisitionMethod.BADGE ? " samples (its large-batch form is --init kmeans-parallel)"
                    : " is not greedy"));
        }
        // auto may resolve to multiround for the greedy methods multiround runs; they then apply
        boolean mayRunMultiRound = mode == Mode.MULTIROUND || (mode == Mode.AUTO && MultiRoundGreedy.supports(method));
        if (!mayRunMultiRound && (partitionSize != 0 || shrink != MultiRoundGreedy.Settings.DEFAULT_SHRINK
                || stochasticEpsilon != 0)) {
            throw new IllegalArgumentException("--partition-size, --shrink and --stochastic-epsilon apply to"
                    + " --mode multiround (or auto with a greedy method), not --mode " + mode.cliName() + " with "
                    + method.cliName());
        }
        if (!exactOrAuto() && method.kind() == AcquisitionMethod.Kind.CLUSTERED) {
            throw new IllegalArgumentException("--mode " + mode.cliName() + " applies to greedy methods; "
                    + method.cliName() + " clusters once and needs no greedy");
        }
        if (method != AcquisitionMethod.CLUSTER_MARGIN && (clustering != Clustering.AUTO
                || !clusterMargin.equals(ClusterMargin.Settings.defaults()))) {
            throw new IllegalArgumentException("--clustering, --clusters, --shortlist and --cluster-distance apply to"
                    + " cluster-margin, not " + method.cliName());
        }
        if (clusterMargin.shortlist() > 0 && clusterMargin.shortlist() < k) {
            throw new IllegalArgumentException("--shortlist k_m = " + clusterMargin.shortlist() + " must be ≥ k = " + k);
        }
        if (approximation == Approximation.EXACT && (sketch > 0 || fisher != FisherApprox.DENSE)) {
            throw new IllegalArgumentException("--approximation exact never approximates; it cannot be combined with"
                    + (sketch > 0 ? " --sketch " + sketch : " --fisher " + fisher.cliName()) + " (use --approximation"
                    + " auto, the default, which respects a given --sketch or --fisher)");
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
