package io.fisherselect.job.cli;

import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.job.score.Scoring;
import io.fisherselect.job.api.FisherScorerParams;
import io.fisherselect.job.io.Preflight;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    /**
     * The scorer's params as options, but its {@code method} and {@code outputCol}: a run scores
     * the {@code --methods} into columns named by them.
     */
    static final ParamOptions PARAMS = new ParamOptions(FisherScorerParams::new, Set.of(), Set.of("method", "outputCol"));

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptionFields run;

    @Option(names = "--methods", required = true, split = ",", paramLabel = "METHOD",
            description = "comma-separated methods: ${COMPLETION-CANDIDATES}",
            completionCandidates = ScoreMethodNames.class)
    List<String> methods;

    /** Builds the run's configuration from the options (validating them, before Spark starts). */
    ScoreConfig config() {
        return new ScoreConfig(run.run(null, null, null), ScoreConfig.parseMethods(methods),
                PARAMS.applyTo(spec, new FisherScorerParams()));
    }

    @Override
    public Integer call() {
        ScoreConfig config = config();
        Preflight.check(run.inputs(null, null), run.format, run.out, run.overwrite);
        SparkSession spark = SparkSessions.create("fisherselect score " + String.join(",", methods), run.master);
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
        b.append("outputs: ").append(s.config().run().out()).append("/{scores/, report.json}");
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
