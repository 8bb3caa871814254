package io.fisherselect.job.cli;

import io.fisherselect.job.ScoreConfig;
import io.fisherselect.job.ScoreJob;
import io.fisherselect.job.Scoring;
import io.fisherselect.job.api.FisherScorer;
import io.fisherselect.math.select.SelectionParams;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.Preflight;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code score}: every pool item's score under several methods in one pass, written to
 * {@code --out}/scores/ (Parquet: {@code id} plus one double column per method) and report.json.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every pool item under each method in one pass; write scores/ (Parquet: id plus one"
                + " double column per method, named as the method) and report.json.",
                "Top-k methods give their score; eig-logdet, epig-logdet and logdet give the item's single-item"
                        + " gain (its gain as the greedy's first pick)."})
public class ScoreCommand implements Callable<Integer> {

    @Option(names = "--pool", required = true, description = "pool path or URI (Parquet, JSON Lines, ORC)")
    String pool;

    @Option(names = "--labeled", description = "labeled set: builds H = λI + Σ_labeled F (eig-trace, eig-logdet,"
            + " epig-logdet)")
    String labeled;

    @Option(names = "--eval", description = "eval set of epig-logdet (default: the pool)")
    String eval;

    @Option(names = "--methods", required = true, split = ",", paramLabel = "METHOD",
            description = "comma-separated methods: ${COMPLETION-CANDIDATES}",
            completionCandidates = ScoreMethodNames.class)
    List<String> methods;

    @Option(names = "--lambda", defaultValue = "1.0", description = "prior precision λ (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", description = "seed of random (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--partitions", defaultValue = "0",
            description = "repartition the pool into N partitions (default: keep the input's)")
    int partitions;

    @Option(names = "--format", description = "input format: parquet, jsonl, orc (default: from the path suffix)")
    String format;

    @Option(names = "--out", required = true, description = "output directory (must not exist unless --overwrite)")
    String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    boolean overwrite;

    @Option(names = "--likelihood", defaultValue = "softmax", description = "softmax, bernoulli (multi-label:"
            + " independent sigmoid outputs) or gaussian (default: ${DEFAULT-VALUE})")
    String likelihood;

    @Option(names = "--noise", defaultValue = "1.0", description = "noise variance σ² of the gaussian likelihood")
    double noise;

    @Option(names = "--fisher-rank", defaultValue = "0",
            description = "keep the r most probable classes of each Fisher factor (0: all, exact)")
    int fisherRank;

    @Option(names = "--bias", description = "append a constant 1 to every embedding")
    boolean bias;

    @Option(names = "--kernel", defaultValue = "dot", description = "logdet: dot or cosine (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--prob-tolerance", defaultValue = "1e-4", description = "accepted |Σπ − 1| (default: ${DEFAULT-VALUE})")
    double probTolerance;

    @Option(names = "--renormalize", description = "accept probabilities that do not sum to 1 and renormalize them")
    boolean renormalize;

    @Mixin
    ColumnOptions columns;

    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /**
     * Builds the run's configuration from the options (validating them, before Spark starts): the
     * shared options through the Java API's {@link FisherScorer}, the methods by {@link ScoreConfig}
     * (several methods in one pass, where the API scores one).
     */
    ScoreConfig config() {
        OptionChecks.score(this);
        FisherScorer s = columns.applyTo(new FisherScorer().setLambda(lambda).setSeed(seed)
                .setLikelihood(likelihood).setNoise(noise).setFisherRank(fisherRank).setBias(bias).setKernel(kernel).setPartitions(partitions)
                .setProbTolerance(probTolerance).setRenormalize(renormalize));
        SelectionParams p = s.selectionParams();
        return new ScoreConfig(pool, labeled, eval, format, s.columnNames(), ScoreConfig.parseMethods(methods),
                p.lambda(), p.seed(), p.likelihood(), p.noiseVariance(), p.fisherRank(), p.bias(), p.kernel(),
                s.getPartitions(), out, overwrite, s.getProbTolerance(), s.getRenormalize());
    }

    @Override
    public Integer call() {
        ScoreConfig config = config();
        java.util.Map<DataSet, String> inputs = new java.util.LinkedHashMap<>();
        inputs.put(DataSet.POOL, pool);
        inputs.put(DataSet.LABELED, labeled);
        inputs.put(DataSet.EVAL, eval);
        Preflight.check(inputs, format, out, overwrite);
        SparkSession spark = SparkSessions.create("fisherselect score " + String.join(",", methods), master);
        try {
            Scoring s = new ScoreJob(spark).run(config);
            System.out.println(summary(s));
            return 0;
        } finally {
            spark.stop();
        }
    }

    static String summary(Scoring s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "scored %d items with %s (d = %d, C = %d, D = %d)%n",
                s.sizes().get("pool"), String.join(", ", s.columns().stream().map(Scoring.ScoredMethod::name).toList()),
                s.sizes().get("d"), s.sizes().get("C"), s.sizes().get("D")));
        b.append("timings (s):");
        s.timings().forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.2f", k, v)));
        b.append(System.lineSeparator());
        b.append("outputs: ").append(s.config().out()).append("/{scores/, report.json}");
        return b.toString();
    }

    /** The methods with a per-item score, for help and completion. */
    static final class ScoreMethodNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ScoreMethodNames() {
            addAll(List.of(ScoreConfig.validNames().split(", ")));
        }
    }
}
