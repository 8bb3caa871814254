package io.fisherselect.job.cli;

import io.fisherselect.job.evaluate.Curves;
import io.fisherselect.job.evaluate.EvaluateConfig;
import io.fisherselect.job.evaluate.EvaluateJob;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.math.AcquisitionMethod;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: an active-learning simulation comparing methods on a labeled dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Active-learning simulation on a labeled dataset (id, embedding, label): per seed a random"
                + " initial labeled set, then R rounds of: fit the last layer (logistic regression, the MAP), select k"
                + " with each method, reveal their labels. Writes curves.csv, summary.csv, picks.csv, report.json and"
                + " report.html (learning curves with bands).",
                "Test accuracy and log-loss are recorded after every round; all methods of a seed start from the"
                        + " same initial set."})
public final class EvaluateCommand implements Callable<Integer> {

    /**
     * The selector's params as options (k per round, λ, the columns, the last-layer fit's classes,
     * steps and intercept, the scale options), except those evaluate sets itself.
     */
    static final ParamOptions PARAMS = new ParamOptions(FisherSelector::new, Set.of(), EvaluateConfig.NOT_OPTIONS);

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "labeled dataset: id, embedding, label (or"
            + " --format sklearn-csv)")
    String data;

    @Option(names = "--test", description = "test set in the same form (default: hold out --test-fraction of --data)")
    String test;

    @Option(names = "--format", description = "parquet, jsonl, orc, or sklearn-csv (scikit-learn's dataset CSV files,"
            + " e.g. digits.csv.gz) (default: from the path suffix)")
    String format;

    @Option(names = "--methods", required = true, split = ",", paramLabel = "METHOD",
            description = "comma-separated methods (all but grand, el2n, logdet-mi, logdet-cmi)")
    List<String> methods;

    @Option(names = "--initial", defaultValue = "20", description = "initial labeled items n₀ (default: ${DEFAULT-VALUE})")
    int initial;

    @Option(names = "--rounds", defaultValue = "10", description = "acquisition rounds R (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seeds", defaultValue = "3", description = "repetitions S (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "0", description = "first seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--test-fraction", defaultValue = "0.3",
            description = "without --test: share of --data held out (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--split-seed", defaultValue = "0", description = "seed of the held-out split (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--standardize", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "z-score every embedding feature with the data's mean and standard deviation before"
                    + " fitting and selecting (default: off, the embeddings as given, as select uses them)")
    boolean standardize;

    @Option(names = "--out", required = true, description = "output directory (must not exist unless --overwrite)")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Option(names = "--verbose", description = "keep the selections' per-pick log lines")
    boolean verbose;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    EvaluateConfig config() {
        return new EvaluateConfig(data, test, format, EvaluateConfig.parseMethods(methods), initial, rounds, seeds,
                seed, testFraction, splitSeed, standardize, PARAMS.applyTo(spec, new FisherSelector()), out, overwrite,
                verbose);
    }

    @Override
    public Integer call() {
        EvaluateConfig config = config();
        SparkSession spark = SparkSessions.create("fisherselect evaluate", master);
        try {
            EvaluateJob.Result r = new EvaluateJob(spark).run(config);
            System.out.println(summary(r));
            return 0;
        } finally {
            spark.stop();
        }
    }

    static String summary(EvaluateJob.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %-26s %-26s%n", "method", "final accuracy", "accuracy AUC"));
        for (AcquisitionMethod m : r.config().methods()) {
            Curves.MethodSummary s = r.curves().summary(m.cliName(), r.seeds());
            b.append(String.format(Locale.ROOT, "%-16s %.4f [%.4f, %.4f]   %.4f [%.4f, %.4f]%n", m.cliName(),
                    s.finalAccuracy().mean(), s.finalAccuracy().lo(), s.finalAccuracy().hi(), s.accuracyArea().mean(),
                    s.accuracyArea().lo(), s.accuracyArea().hi()));
        }
        b.append("(mean [95% band] over ").append(r.seeds().size()).append(" seed(s))").append(System.lineSeparator());
        b.append("outputs: ").append(r.config().out()).append("/{curves.csv, summary.csv, picks.csv, report.json, report.html}");
        return b.toString();
    }
}
