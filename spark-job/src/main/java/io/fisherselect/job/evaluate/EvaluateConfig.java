package io.fisherselect.job.evaluate;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.math.AcquisitionMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.ParamMap;

/**
 * Everything one {@code evaluate} run needs: the simulation's own settings and the selector every
 * round's selection starts from ({@code selection}: its params are {@code evaluate}'s selection
 * and last-layer fit options, one definition each in {@link FisherSelector}).
 *
 * @param data            labeled dataset (id, embedding, label), path or URI
 * @param test            test set in the same form, or null: hold out {@code testFraction} of the data
 * @param format          parquet, jsonl, orc, sklearn-csv, or null (from the path's suffix)
 * @param methods         the methods compared
 * @param initial         n₀: labeled items each seed starts from (the same for every method)
 * @param rounds          acquisition rounds R
 * @param seeds           repetitions S (seeds {@code seed}, …, {@code seed + S − 1})
 * @param seed            first seed
 * @param testFraction    share of the data held out as the test set when {@code test} is null
 * @param splitSeed       seed of that split (the same test set for every seed)
 * @param standardize     z-score every embedding feature with the data's mean and standard deviation
 * @param selection       every round's selector before its method and seed are set: k items per
 *                        round, λ (the selection's prior and the fit's regParam = λ / n_labeled), the
 *                        columns, the last-layer fit's classes, steps and intercept, the scale
 *                        options; its {@link #NOT_OPTIONS} are not read
 * @param out             output directory
 * @param overwrite       replace an existing output directory
 * @param verbose         keep the selections' per-pick log lines
 */
public record EvaluateConfig(String data, String test, String format, List<AcquisitionMethod> methods,
                             int initial, int rounds, int seeds, long seed, double testFraction, long splitSeed,
                             boolean standardize, FisherSelector selection, String out, boolean overwrite,
                             boolean verbose) {

    /**
     * The selector's params that {@code evaluate} sets itself or does not support, so they are not
     * its options: the method and seed of each round's selection (from {@code --methods} and
     * {@code --seed}), the fit (always done, its probabilities in the default probs column), and
     * the gaussian likelihood's noise and the query-set methods' η and ν, which no method evaluate
     * accepts uses. {@code likelihood} is an option: softmax (single-label) or bernoulli
     * (multi-label); gaussian is refused.
     */
    public static final Set<String> NOT_OPTIONS = Set.of("method", "seed", "fitLastLayer", "probsCol", "logitsCol",
            "noise", "eta", "nu");

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
        if (selection == null) {
            throw new IllegalArgumentException("the selection's params are required");
        }
        selection = selection.copy(ParamMap.empty());
        methods = List.copyOf(methods);
        if (selection.getLikelihood().equals("gaussian")) {
            throw new IllegalArgumentException("evaluate simulates classification: --likelihood softmax (single-label)"
                    + " or bernoulli (multi-label), not gaussian");
        }
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
            // the params' combination with each method, checked before any data is read
            FisherSelector round = round(selection, m, seed);
            round.selectionParams();
            round.scaleOptions();
        }
        if (initial < 2) {
            throw new IllegalArgumentException("--initial must be ≥ 2, got " + initial);
        }
        if (rounds < 1 || seeds < 1) {
            throw new IllegalArgumentException("--rounds and --seeds must be ≥ 1");
        }
        if (test == null && !(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
    }

    /**
     * One round's selector: the params with the round's method and seed; the probabilities are the
     * fitted layer's, so the selection does not fit again.
     */
    public FisherSelector round(AcquisitionMethod method, long selectionSeed) {
        return round(selection, method, selectionSeed);
    }

    private static FisherSelector round(FisherSelector selection, AcquisitionMethod method, long selectionSeed) {
        return selection.copy(ParamMap.empty()).setMethod(method.cliName()).setSeed(selectionSeed)
                .setFitLastLayer(false);
    }

    /** Items selected per round. */
    public int k() {
        return selection.getK();
    }

    /** The prior precision λ of the selections and of the fits. */
    public double lambda() {
        return selection.getLambda();
    }

    /** The columns read (id, embedding, label) and the probabilities column the fits write. */
    public ColumnNames columns() {
        return selection.columnNames();
    }

    /** The last-layer fit's options (classes 0: the data's largest label + 1). */
    public LastLayerFit.Options fit() {
        return new LastLayerFit.Options(selection.getClasses(), selection.getFitMaxIter(), selection.getFitIntercept(),
                multiLabel());
    }

    /** Multi-label ({@code --likelihood bernoulli}): labels are arrays of C values 0/1, fits are one-vs-rest. */
    public boolean multiLabel() {
        return selection.getLikelihood().equals("bernoulli");
    }

    /** Labels after the last round: n₀ + R·K. */
    public int finalLabels() {
        return initial + rounds * k();
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
