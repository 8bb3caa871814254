package io.fisherselect.job;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.ClosestName;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.select.Kernel;
import io.fisherselect.math.select.SelectionParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything one {@code score} run needs: the inputs, the methods whose per-item scores are
 * written, their shared parameters and the output.
 *
 * @param pool                 pool path or URI (the items to score)
 * @param labeled              labeled set (builds H for eig-trace, eig-logdet, epig-logdet), or null
 * @param eval                 eval set of epig-logdet (default: the pool), or null
 * @param format               input format, or null to infer it from each path
 * @param columns              column names of the data contract
 * @param methods              the methods, in output column order (each has a per-item score)
 * @param lambda               prior precision λ (LogDet's λ)
 * @param seed                 seed of {@code random}
 * @param likelihood           softmax or gaussian
 * @param noiseVariance        σ² of the gaussian likelihood
 * @param fisherRank           columns of the softmax Fisher factor (0: all C, exact)
 * @param bias                 append a constant 1 to embeddings
 * @param kernel               {@code logdet}: dot or cosine similarity
 * @param partitions           repartition the pool into this many partitions (0: keep the input's)
 * @param out                  output directory
 * @param overwrite            replace an existing output directory
 * @param probabilityTolerance accepted |Σπ − 1|
 * @param renormalize          accept probabilities that do not sum to 1 and divide them by their sum
 */
public record ScoreConfig(String pool, String labeled, String eval, String format, ColumnNames columns,
                          List<AcquisitionMethod> methods, double lambda, long seed,
                          FactorSpec.Likelihood likelihood, double noiseVariance, int fisherRank, boolean bias,
                          Kernel kernel, int partitions, String out, boolean overwrite,
                          double probabilityTolerance, boolean renormalize) {

    /**
     * The greedy methods whose gain for a single item is a score: the gain the greedy would give
     * the item as its first pick (the other greedy and sampled methods have no per-item score).
     */
    public static final Set<AcquisitionMethod> SINGLE_ITEM_GAINS = EnumSet.of(AcquisitionMethod.EIG_LOGDET,
            AcquisitionMethod.EPIG_LOGDET, AcquisitionMethod.LOGDET);

    public ScoreConfig {
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("--pool is required");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("--out is required");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be ≥ 0, got " + partitions);
        }
        if (!(probabilityTolerance >= 0)) {
            throw new IllegalArgumentException("--prob-tolerance must be ≥ 0, got " + probabilityTolerance);
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("--methods needs at least one method; valid methods for score: "
                    + validNames());
        }
        methods = List.copyOf(methods);
        for (AcquisitionMethod m : methods) {
            if (!hasItemScore(m)) {
                throw noItemScore(m);
            }
            if (methods.indexOf(m) != methods.lastIndexOf(m)) {
                throw new IllegalArgumentException("--methods lists " + m.cliName() + " more than once");
            }
        }
        for (AcquisitionMethod m : methods) {
            params(m, lambda, seed, likelihood, noiseVariance, fisherRank, bias, kernel);
        }
    }

    /** Whether {@code m} has a per-item score: a top-k method, or a greedy log-det's single-item gain. */
    public static boolean hasItemScore(AcquisitionMethod m) {
        return m.kind() == AcquisitionMethod.Kind.TOP_K || SINGLE_ITEM_GAINS.contains(m);
    }

    private static IllegalArgumentException noItemScore(AcquisitionMethod m) {
        return new IllegalArgumentException(m.cliName() + " has no per-item score (it is a "
                + m.kind().name().toLowerCase(Locale.ROOT) + " batch method: its gains depend on the whole batch"
                + (m.needsQuerySet() ? " and a query set" : "") + "); valid methods for score: " + validNames());
    }

    /** The methods {@code score} accepts, comma separated. */
    public static String validNames() {
        return String.join(", ", Arrays.stream(AcquisitionMethod.values()).filter(ScoreConfig::hasItemScore)
                .map(AcquisitionMethod::cliName).toList());
    }

    /**
     * Parses {@code --methods} (comma-separated names), with an error naming the valid ones for an
     * unknown name or a method without a per-item score.
     */
    public static List<AcquisitionMethod> parseMethods(List<String> names) {
        List<AcquisitionMethod> out = new ArrayList<>();
        for (String raw : names) {
            for (String name : raw.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                AcquisitionMethod m;
                try {
                    m = AcquisitionMethod.fromCliName(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown method '" + name.trim() + "'"
                            + ClosestName.hint(name, List.of(validNames().split(", ")))
                            + "; valid methods for score: " + validNames());
                }
                if (!hasItemScore(m)) {
                    throw noItemScore(m);
                }
                out.add(m);
            }
        }
        return out;
    }

    /** The selection parameters {@code m} is scored with (k = 1: the score does not depend on k). */
    public SelectionParams params(AcquisitionMethod m) {
        return params(m, lambda, seed, likelihood, noiseVariance, fisherRank, bias, kernel);
    }

    private static SelectionParams params(AcquisitionMethod m, double lambda, long seed,
                                          FactorSpec.Likelihood likelihood, double noiseVariance, int fisherRank,
                                          boolean bias, Kernel kernel) {
        return new SelectionParams(m, 1, lambda, seed, likelihood, noiseVariance, fisherRank, bias, kernel, 1.0, 1.0,
                null, StochasticAcquisition.DEFAULT_BETA);
    }

    /** Where the sets are, for {@link JobInputs}. */
    public JobInputs.Sources sources() {
        return new JobInputs.Sources(SetSource.ofPath(pool), SetSource.ofPath(labeled), SetSource.ofPath(eval), null,
                null, format, columns, partitions,
                probabilityTolerance, renormalize);
    }

    /** A run with defaults for the rest (λ = 1, seed 0, softmax, exact Fisher, dot kernel). */
    public static ScoreConfig of(String pool, String labeled, List<AcquisitionMethod> methods, String out) {
        return new ScoreConfig(pool, labeled, null, null, ColumnNames.defaults(), methods, 1.0, 0L,
                FactorSpec.Likelihood.SOFTMAX, 1.0, 0, false, Kernel.DOT, 0, out, false, 1e-4, false);
    }

    public ScoreConfig withPartitions(int n) {
        return new ScoreConfig(pool, labeled, eval, format, columns, methods, lambda, seed, likelihood, noiseVariance,
                fisherRank, bias, kernel, n, out, overwrite, probabilityTolerance, renormalize);
    }

    public ScoreConfig withOut(String o, boolean replace) {
        return new ScoreConfig(pool, labeled, eval, format, columns, methods, lambda, seed, likelihood, noiseVariance,
                fisherRank, bias, kernel, partitions, o, replace, probabilityTolerance, renormalize);
    }

    public ScoreConfig withSeed(long s) {
        return new ScoreConfig(pool, labeled, eval, format, columns, methods, lambda, s, likelihood, noiseVariance,
                fisherRank, bias, kernel, partitions, out, overwrite, probabilityTolerance, renormalize);
    }

    public ScoreConfig withLambda(double l) {
        return new ScoreConfig(pool, labeled, eval, format, columns, methods, l, seed, likelihood, noiseVariance,
                fisherRank, bias, kernel, partitions, out, overwrite, probabilityTolerance, renormalize);
    }
}
