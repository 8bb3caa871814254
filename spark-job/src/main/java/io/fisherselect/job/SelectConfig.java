package io.fisherselect.job;

import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.math.select.SelectionParams;

/**
 * Everything one {@code select} run needs: the inputs, the selection's parameters and the output.
 *
 * @param pool                 pool path or URI (the candidates)
 * @param labeled              labeled set path, or null
 * @param format               input format, or null to infer it from the path
 * @param columns              column names of the data contract
 * @param params               method, k, λ, seed and the Fisher options
 * @param partitions           repartition the pool into this many partitions (0: keep the input's)
 * @param out                  output directory
 * @param overwrite            replace an existing output directory
 * @param probabilityTolerance accepted |Σπ − 1|
 * @param renormalize          accept probabilities that do not sum to 1 and divide them by their sum
 * @param checkpointEvery      picks between lineage truncations of the distributed greedy
 */
public record SelectConfig(String pool, String labeled, String format, ColumnNames columns, SelectionParams params,
                           int partitions, String out, boolean overwrite, double probabilityTolerance,
                           boolean renormalize, int checkpointEvery) {

    public SelectConfig {
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
    }
}
