package io.fisherselect.job.evaluate;

import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.math.AcquisitionMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@code evaluate} run needs.
 *
 * @param data            labeled dataset (id, embedding, label), path or URI
 * @param test            test set in the same form, or null: hold out {@code testFraction} of the data
 * @param format          parquet, jsonl, orc, sklearn-csv, or null (from the path's suffix)
 * @param columns         column names (id, embedding, label are read)
 * @param methods         the methods compared
 * @param initial         n₀: labeled items each seed starts from (the same for every method)
 * @param k               items selected per round
 * @param rounds          acquisition rounds R
 * @param seeds           repetitions S (seeds {@code seed}, …, {@code seed + S − 1})
 * @param seed            first seed
 * @param testFraction    share of the data held out as the test set when {@code test} is null
 * @param splitSeed       seed of that split (the same test set for every seed)
 * @param standardize     z-score every embedding feature with the data's mean and standard deviation
 * @param lambda          prior precision λ (selection) and the fit's regParam = λ / n_labeled
 * @param bias            append a constant 1 to embeddings in the selection ({@code --bias})
 * @param fisherRank      {@code --fisher-rank} (0: exact)
 * @param fit             last-layer fit options (classes 0: the data's largest label + 1)
 * @param partitions      partitions of the cached data (0: Spark's default parallelism)
 * @param checkpointEvery picks between lineage cuts of the distributed greedy
 * @param out             output directory
 * @param overwrite       replace an existing output directory
 * @param verbose         keep the selections' per-pick log lines
 */
public record EvaluateConfig(String data, String test, String format, ColumnNames columns,
                             List<AcquisitionMethod> methods, int initial, int k, int rounds, int seeds, long seed,
                             double testFraction, long splitSeed, boolean standardize, double lambda, boolean bias,
                             int fisherRank, LastLayerFit.Options fit, int partitions, int checkpointEvery,
                             String out, boolean overwrite, boolean verbose) {

    public EvaluateConfig {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("--data is required");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("--out is required");
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("--methods needs at least one method");
        }
        methods = List.copyOf(methods);
        for (AcquisitionMethod m : methods) {
            if (m.needsLabels()) {
                throw new IllegalArgumentException(m.cliName() + " scores items with their true labels, which an"
                        + " active-learning simulation does not reveal before selection; valid methods: " + validNames());
            }
            if (m.needsQuerySet()) {
                throw new IllegalArgumentException(m.cliName() + " needs a query set, which evaluate does not have;"
                        + " valid methods: " + validNames());
            }
            if (methods.indexOf(m) != methods.lastIndexOf(m)) {
                throw new IllegalArgumentException("--methods lists " + m.cliName() + " more than once");
            }
        }
        if (initial < 2) {
            throw new IllegalArgumentException("--initial must be ≥ 2, got " + initial);
        }
        if (k < 1 || rounds < 1 || seeds < 1) {
            throw new IllegalArgumentException("--k, --rounds and --seeds must be ≥ 1");
        }
        if (test == null && !(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be a positive finite number, got " + lambda);
        }
        if (partitions < 0 || checkpointEvery < 1 || fisherRank < 0) {
            throw new IllegalArgumentException("--partitions and --fisher-rank must be ≥ 0, --checkpoint-every ≥ 1");
        }
    }

    /** Labels after the last round: n₀ + R·K. */
    public int finalLabels() {
        return initial + rounds * k;
    }

    /** The methods evaluate accepts. */
    public static String validNames() {
        List<String> out = new ArrayList<>();
        for (AcquisitionMethod m : AcquisitionMethod.values()) {
            if (!m.needsLabels() && !m.needsQuerySet()) {
                out.add(m.cliName());
            }
        }
        return String.join(", ", out);
    }

    /** Comma-separated names, as given to {@code --methods}. */
    public static List<AcquisitionMethod> parseMethods(List<String> names) {
        List<AcquisitionMethod> out = new ArrayList<>();
        for (String raw : names) {
            for (String name : raw.split(",")) {
                if (!name.isBlank()) {
                    out.add(AcquisitionMethod.fromCliName(name));
                }
            }
        }
        return out;
    }
}
