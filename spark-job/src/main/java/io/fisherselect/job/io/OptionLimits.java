package io.fisherselect.job.io;

import io.fisherselect.job.select.ApproximationChoice;
import io.fisherselect.job.select.ScaleOptions;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.method.AverageLinkage;
import io.fisherselect.math.method.ClusterMargin;
import io.fisherselect.math.plan.SelectionParams;
import java.util.Locale;

/**
 * The option values that are only meaningful relative to the inputs, checked in one place once
 * the sets have been read and validated (their sizes, d and C are known) and before any
 * expensive stage (Fisher reductions, candidate blocks, selection): the check {@link
 * JobInputs#load} runs for {@code select} ({@link #forSelection}) and for {@code score},
 * {@code compare} and the Java API's scorer ({@link #forScores}). The options are named as the
 * command line names them: {@code --} and the kebab-case of the param's name. Each violation is an
 * {@link InputException} naming the option, its value and the limit the data sets.
 *
 * <p>Checks of an option on its own (k &gt; 0, λ &gt; 0, a known method …) are the params' own
 * rules, made when the param is set, before Spark starts; checks of one set against another (embedding
 * length and C of the labeled, eval, query and private sets against the pool's) are made while
 * reading.
 */
public final class OptionLimits {
    private OptionLimits() {
    }

    /**
     * The inputs' shape as the options see it.
     *
     * @param pool           pool items
     * @param eval           eval set items; -1 without an eval set; -2 for an eval set reduced when
     *                       a scorer was fitted (not read again)
     * @param d              the pool's embedding length as read (before --sketch and --bias)
     * @param classes        C as read (probabilities per row); 1 for regression
     * @param poolPartitions partitions of the pool
     */
    public record DataShape(long pool, long eval, int d, int classes, int poolPartitions) {
    }

    /**
     * The checks of a {@code select} run (command line and Java API).
     *
     * @param maxPerClass the cap per predicted class ({@code --max-per-class}; 0: none)
     */
    public static void forSelection(SelectionParams params, ScaleOptions scale, int maxPerClass, DataShape shape) {
        int k = params.k();
        if (k > shape.pool()) {
            throw new InputException("--k " + k + " is larger than the pool (" + shape.pool() + " items); use --k ≤ "
                    + shape.pool());
        }
        // every item has one predicted class, so caps of m hold at most m·C items whatever the pool
        // predicts; how many each class really gets is known once the candidates are built
        if (maxPerClass > 0 && (long) maxPerClass * shape.classes() < k) {
            throw new InputException("--max-per-class " + maxPerClass + " over " + shape.classes()
                    + " classes holds at most " + (long) maxPerClass * shape.classes() + " items, fewer than --k " + k
                    + "; use --max-per-class ≥ " + ceilDiv(k, shape.classes()));
        }
        common(params, scale, shape);
        AcquisitionMethod m = params.method();
        if (scale.mode() == ScaleOptions.Mode.PARTITIONED && m.kind() != AcquisitionMethod.Kind.TOP_K) {
            long candidates = (long) scale.partitionK(k) * shape.poolPartitions();
            if (candidates < k) {
                throw new InputException("--partition-k " + scale.partitionK(k) + " × " + shape.poolPartitions()
                        + " partitions gives the final greedy " + candidates + " candidates, fewer than --k " + k
                        + "; use --partition-k ≥ " + ceilDiv(k, shape.poolPartitions()) + " (or 0: k)");
            }
        }
        if (scale.mode() == ScaleOptions.Mode.PREFILTER && scale.candidates() > shape.pool()) {
            throw new InputException("--candidates " + scale.candidates() + " is larger than the pool ("
                    + shape.pool() + " items), so the prefilter would keep every item; use --candidates < "
                    + shape.pool() + " or --mode exact");
        }
        if (m == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL) {
            kMeansParallel(k, scale, shape);
        }
        if (m.kind() == AcquisitionMethod.Kind.CLUSTERED) {
            clusterMargin(k, scale, shape);
        }
    }

    /**
     * k-means‖ (Bahmani et al. 2012) draws each item with probability min(1, ℓ·D²/ψ) per round, ℓ
     * items in expectation: above the pool, the first round draws (nearly) every item and the
     * weighted k-means++ on the driver runs over the whole pool — k-means++ with extra passes.
     */
    private static void kMeansParallel(int k, ScaleOptions scale, DataShape shape) {
        int ell = scale.oversampling(k);
        if (ell > shape.pool()) {
            throw new InputException("--oversampling " + ell + (scale.oversampling() == 0 ? " (the default 2k)" : "")
                    + " is larger than the pool (" + shape.pool() + " items): one k-means‖ round would draw every"
                    + " item; use --oversampling ≤ " + shape.pool() + " or --init kmeans-pp");
        }
    }

    /**
     * Cluster-Margin (Citovsky et al. 2021): the shortlist k_m and the clusters are drawn from the
     * pool, and average linkage holds n(n−1)/2 distances on the driver.
     */
    private static void clusterMargin(int k, ScaleOptions scale, DataShape shape) {
        ClusterMargin.Settings s = scale.clusterMargin();
        if (s.shortlist() > shape.pool()) {
            throw new InputException("--shortlist " + s.shortlist() + " is larger than the pool (" + shape.pool()
                    + " items), so every item would be shortlisted; use --shortlist ≤ " + shape.pool()
                    + " (or 0: min(pool, 10k))");
        }
        if (s.clusters(k) > shape.pool()) {
            throw new InputException("--clusters " + s.clusters(k) + " is larger than the pool (" + shape.pool()
                    + " items), which cannot form more clusters than items; use --clusters ≤ " + shape.pool()
                    + " (or 0: k)");
        }
        if (scale.clustering() == ScaleOptions.Clustering.HAC && shape.pool() > AverageLinkage.MAX_POINTS) {
            throw new InputException("--clustering hac holds n(n−1)/2 distances on the driver; the pool's "
                    + shape.pool() + " items are more than its limit of " + AverageLinkage.MAX_POINTS
                    + "; use --clustering bisecting-kmeans (or auto)");
        }
    }

    /**
     * The method's dense D×D matrices on the driver ({@link AcquisitionMethod#driverMatrices}) must
     * fit its heap at the D that runs (C·m with a sketch of m dims, else C·d; one more per class
     * with {@code --bias}): refused before any reduction otherwise, naming the option that chose
     * that D ({@code --approximation exact}, {@code --sketch m}, {@code --fisher kfac}), the bytes
     * and the largest sketch that fits.
     *
     * @param choice     the approximation that runs
     * @param driverHeap the driver's maximum heap, bytes
     */
    public static void driverMatrices(AcquisitionMethod method, ApproximationChoice choice, boolean bias,
                                      DataShape shape, long driverHeap) {
        int m = choice.sketch() > 0 ? choice.sketch() : shape.d();
        long dimension = (long) shape.classes() * (m + (bias ? 1 : 0));
        long need = ApproximationChoice.driverBytes(method, dimension);
        if (need <= driverHeap) {
            return;
        }
        long fitting = ApproximationChoice.largestFitting(method, shape.classes(), bias, driverHeap);
        throw new InputException(String.format(Locale.ROOT, "%s: %s holds %d D×D matrices on the driver, at D = %d"
                        + " (C = %d, d = %d%s) %.2f GiB, more than the driver's heap of %.2f GiB; %s, or raise the"
                        + " driver memory (FS_DRIVER_MEMORY of submit/local.sh, --driver-memory of spark-submit) to"
                        + " at least %.2f GiB", choice.option(), method.cliName(), method.driverMatrices(), dimension,
                shape.classes(), m, bias ? " + 1" : "", need / GIB, driverHeap / GIB,
                fitting >= 1 ? "use --sketch m with m ≤ " + fitting + " (or --approximation auto)"
                        : "use a smaller embedding", need / GIB));
    }

    private static final double GIB = 1L << 30;

    /** The checks of a {@code score} or {@code compare} run: the options that shape the factors. */
    public static void forScores(SelectionParams params, DataShape shape) {
        common(params, ScaleOptions.defaults(), shape);
    }

    private static void common(SelectionParams params, ScaleOptions scale, DataShape shape) {
        if (params.likelihood() == FactorSpec.Likelihood.SOFTMAX && params.fisherRank() > shape.classes()) {
            throw new InputException("--fisher-rank " + params.fisherRank() + " is larger than the number of classes"
                    + " C = " + shape.classes() + " of the pool's probabilities; use --fisher-rank ≤ "
                    + shape.classes() + " (or 0: all classes)");
        }
        if (scale.sketch() > 0 && scale.sketch() >= shape.d()) {
            throw new InputException("--sketch " + scale.sketch() + " is not smaller than the pool's embedding length"
                    + " d = " + shape.d() + " (a projection only helps to fewer dimensions); use --sketch < "
                    + shape.d() + " (or 0: no sketch)");
        }
        int n = scale.evalSample();
        if (n > 0) {
            AcquisitionMethod m = params.method();
            boolean fromEval = m == AcquisitionMethod.EPIG_LOGDET && shape.eval() >= 0;
            boolean fromPool = (m == AcquisitionMethod.EPIG_LOGDET && shape.eval() == -1)
                    || m == AcquisitionMethod.BAIT;
            long size = fromEval ? shape.eval() : shape.pool();
            if ((fromEval || fromPool) && n > size) {
                throw new InputException("--eval-sample " + n + " is larger than the " + (fromEval ? "eval set" : "pool")
                        + " it samples (" + size + " items); use --eval-sample ≤ " + size + " (or 0: every item)");
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
