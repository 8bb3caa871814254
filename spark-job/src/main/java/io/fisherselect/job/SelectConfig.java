package io.fisherselect.job;

import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.select.SelectionParams;

/**
 * Everything one {@code select} run needs: the inputs, the selection's parameters and the output.
 *
 * @param pool                 pool path or URI (the candidates)
 * @param labeled              labeled set (builds H), or null
 * @param eval                 eval set of EPIG (default: the pool), or null
 * @param query                query set of LogDetMI/CMI, or null
 * @param privateSet           private set of LogDetCMI, or null
 * @param format               input format, or null to infer it from each path
 * @param columns              column names of the data contract
 * @param params               method, k, λ, seed and the method's options
 * @param partitions           repartition the pool into this many partitions (0: keep the input's)
 * @param out                  output directory
 * @param overwrite            replace an existing output directory
 * @param probabilityTolerance accepted |Σπ − 1|
 * @param renormalize          accept probabilities that do not sum to 1 and divide them by their sum
 * @param checkpointEvery      picks between lineage truncations of the distributed greedy, and between
 *                             saves of its progress to {@code checkpoint}
 * @param checkpoint           directory of the greedy's saved progress ({@code --checkpoint}): a
 *                             killed run restarted with the same arguments resumes from it; or null
 * @param refactorEvery        picks between re-factorisations of the Woodbury-updated inverses
 *                             ({@code --refactor-every}; 0: never)
 * @param scale                the greedy mode, BADGE's seeding and the large-D approximations
 * @param lastLayer            {@code --fit-last-layer}: fit the last layer on the labeled set and use its
 *                             probabilities for every set ({@link LastLayerFit}); null: use the sets' own
 * @param batch                {@code --pending}, {@code --exclude} and the class caps
 *                             ({@code --max-per-class}, {@code --balance})
 */
public record SelectConfig(String pool, String labeled, String eval, String query, String privateSet, String format,
                           ColumnNames columns, SelectionParams params, int partitions, String out, boolean overwrite,
                           double probabilityTolerance, boolean renormalize, int checkpointEvery, String checkpoint,
                           int refactorEvery, ScaleOptions scale,
                           LastLayerFit.Options lastLayer, BatchConstraints batch) {

    /** Nothing pending or excluded, no class caps. */
    public SelectConfig(String pool, String labeled, String eval, String query, String privateSet, String format,
                        ColumnNames columns, SelectionParams params, int partitions, String out, boolean overwrite,
                        double probabilityTolerance, boolean renormalize, int checkpointEvery, String checkpoint,
                        int refactorEvery, ScaleOptions scale, LastLayerFit.Options lastLayer) {
        this(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out, overwrite,
                probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, lastLayer,
                BatchConstraints.none());
    }

    /**
     * Without a checkpoint directory, re-factorising every {@link Numerics#DEFAULT_REFACTOR_EVERY}
     * picks, exact scale options ({@link ScaleOptions#defaults()}), no last-layer fit.
     */
    public SelectConfig(String pool, String labeled, String eval, String query, String privateSet, String format,
                        ColumnNames columns, SelectionParams params, int partitions, String out, boolean overwrite,
                        double probabilityTolerance, boolean renormalize, int checkpointEvery) {
        this(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out, overwrite,
                probabilityTolerance, renormalize, checkpointEvery, null, Numerics.DEFAULT_REFACTOR_EVERY,
                ScaleOptions.defaults(), null);
    }

    public SelectConfig {
        if (scale == null) {
            scale = ScaleOptions.defaults();
        }
        if (batch == null) {
            batch = BatchConstraints.none();
        }
        scale.check(params.method(), params.k());
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
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be ≥ 1, got " + checkpointEvery);
        }
        if (refactorEvery < 0) {
            throw new IllegalArgumentException("--refactor-every must be ≥ 0 (0: never), got " + refactorEvery);
        }
        if (checkpoint != null && checkpoint.isBlank()) {
            checkpoint = null;
        }
        if (params.method().needsQuerySet() && query == null) {
            throw new IllegalArgumentException(params.method().cliName() + " needs a query set (--query)");
        }
        if (params.method().needsPrivateSet() && privateSet == null) {
            throw new IllegalArgumentException(params.method().cliName() + " needs a private set (--private)");
        }
        if (lastLayer != null && params.likelihood() == io.fisherselect.math.fisher.FactorSpec.Likelihood.BERNOULLI) {
            throw new IllegalArgumentException("--fit-last-layer fits a softmax layer; it does not support"
                    + " --likelihood bernoulli (multi-label) yet: give the pool's per-label probs or logits");
        }
        if (lastLayer != null && labeled == null) {
            throw new IllegalArgumentException("--fit-last-layer fits the last layer on the labeled set; give one"
                    + " with --labeled (with a label column)");
        }
    }

    /** A plain selection: pool, optional labeled set, defaults for the rest. */
    public static SelectConfig of(String pool, String labeled, SelectionParams params, String out) {
        return new SelectConfig(pool, labeled, null, null, null, null, ColumnNames.defaults(), params, 0, out, false,
                1e-4, false, 10, null, Numerics.DEFAULT_REFACTOR_EVERY, ScaleOptions.defaults(), null);
    }

    public SelectConfig withPartitions(int n) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, n, out, overwrite,
                probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, lastLayer, batch);
    }

    public SelectConfig withScale(ScaleOptions s) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out,
                overwrite, probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, s, lastLayer, batch);
    }

    public SelectConfig withOut(String o, boolean replace) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, partitions, o, replace,
                probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, lastLayer, batch);
    }

    /** With a {@code --checkpoint} directory (null: none). */
    public SelectConfig withCheckpoint(String dir) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out,
                overwrite, probabilityTolerance, renormalize, checkpointEvery, dir, refactorEvery, scale, lastLayer, batch);
    }

    public SelectConfig withReferenceSets(String evalPath, String queryPath, String privatePath) {
        return new SelectConfig(pool, labeled, evalPath, queryPath, privatePath, format, columns, params, partitions,
                out, overwrite, probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, lastLayer, batch);
    }

    /** With {@code --fit-last-layer} (null: without). */
    public SelectConfig withLastLayer(LastLayerFit.Options options) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out,
                overwrite, probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, options, batch);
    }

    /** With {@code --pending}, {@code --exclude} and the class caps. */
    public SelectConfig withBatch(BatchConstraints b) {
        return new SelectConfig(pool, labeled, eval, query, privateSet, format, columns, params, partitions, out,
                overwrite, probabilityTolerance, renormalize, checkpointEvery, checkpoint, refactorEvery, scale, lastLayer,
                b);
    }
}
