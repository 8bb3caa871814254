package io.fisherselect.job.score;

import io.fisherselect.job.io.JobInputs;
import io.fisherselect.job.io.OptionLimits;

import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.report.ScoreWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.ScorePass;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.plan.MethodPlans;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One {@code score} run (the nightly scoring path): read and validate the sets and compute the
 * reductions the methods need ({@link JobInputs}, as {@code select} does), then score every pool
 * item under every method in one pass ({@link ScorePass}) and write {@code scores/} (Parquet:
 * {@code id} plus one double column per method, named as the method) and {@code report.json},
 * atomically.
 */
public final class ScoreJob {
    private static final Logger LOG = LogManager.getLogger(ScoreJob.class);

    /** The Parquet directory of the scores inside the output directory. */
    public static final String SCORES = "scores";

    private final SparkSession spark;

    public ScoreJob(SparkSession spark) {
        this.spark = spark;
    }

    /** Scores the pool and writes {@code config.run().out()}; returns what was written. */
    public Scoring run(ScoreConfig config) {
        OutputDirectory out = OutputDirectory.prepare(config.run().out(), config.run().overwrite(),
                spark.sparkContext().hadoopConfiguration());
        try {
            Scoring s = score(config, out);
            // report.json is written last, so that it carries the whole run's timings
            Scoring done = new Scoring(s.config(), s.columns(), s.sizes(), s.timings());
            ScoreWriter.writeReport(out, done);
            out.commit();
            return done;
        } catch (RuntimeException | IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.run().out() + " failed: " + e.getMessage(), e);
        }
    }

    /** Scores the pool into {@code out}'s {@value #SCORES}/ (not committed); {@link CompareJob} reuses it. */
    Scoring score(ScoreConfig config, OutputDirectory out) {
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<AcquisitionMethod> methods = config.methods();

        SelectionParams checked = config.params(methods.get(0));
        JobInputs sets = JobInputs.load(spark, config.sources(), checked, methods, null, timer,
                shape -> OptionLimits.forScores(checked, shape));
        JobInputs.LoadedSet pool = sets.pool();
        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        Plan plan = plan(sets, methods, methods.stream().map(AcquisitionMethod::cliName).toList());
        double aggregateSeconds = timer.lap("aggregate");
        LOG.info(String.format(Locale.ROOT, "score: reduced the inputs the methods need (%.1f s)", aggregateSeconds));

        String names = String.join(",", methods.stream().map(AcquisitionMethod::cliName).toList());
        sc.setJobDescription("score " + names);
        Broadcast<List<ScorePass.Column>> bc = sc.broadcast(plan.columns());
        JavaRDD<Row> rows = ScorePass.rows(pool.items(), plan.specs(), bc, c, rawD);
        StructType schema = new StructType().add("id", DataTypes.StringType, false);
        for (AcquisitionMethod m : methods) {
            schema = schema.add(m.cliName(), DataTypes.DoubleType, false);
        }
        spark.createDataFrame(rows, schema).write().parquet(out.tempPath(SCORES));
        bc.destroy();
        sets.unpersist();
        double scoreSeconds = timer.lap("score");
        LOG.info(String.format(Locale.ROOT, "scored %d items with %s (%.1f s)", pool.shape().count(), names,
                scoreSeconds));

        Map<String, Long> sizes = sets.setSizes();
        sizes.put("d", (long) plan.d());
        sizes.put("C", (long) c);
        sizes.put("D", (long) c * plan.d());
        return new Scoring(config, plan.described(), sizes, timer.snapshot());
    }

    /**
     * What one scoring pass evaluates.
     *
     * @param specs     the distinct factor specs the columns use
     * @param columns   the columns in output order
     * @param described each column's method facts, for the report
     * @param d         the embedding length the methods work with (after the optional bias)
     */
    public record Plan(List<FactorSpec> specs, List<ScorePass.Column> columns,
                       List<Scoring.ScoredMethod> described, int d) {
    }

    /**
     * The pass that scores {@code methods} into columns named {@code names}, from the reduced
     * loaded inputs of {@code sets} ({@link JobInputs#load}). Shared with the Java API's scorer.
     */
    public static Plan plan(JobInputs sets, List<AcquisitionMethod> methods, List<String> names) {
        return plan(sets, methods, names, null);
    }

    /**
     * As above; {@code initial}, when given, is the candidate side of a greedy already built for the
     * one greedy method among {@code methods} (a selection's, before its first pick), used for that
     * method's first gains instead of building the greedy (and inverting H) again.
     */
    public static Plan plan(JobInputs sets, List<AcquisitionMethod> methods, List<String> names,
                            GreedyObjective initial) {
        List<FactorSpec> specs = new ArrayList<>();
        List<ScorePass.Column> columns = new ArrayList<>();
        List<Scoring.ScoredMethod> described = new ArrayList<>();
        int d = 0;
        for (int j = 0; j < methods.size(); j++) {
            AcquisitionMethod m = methods.get(j);
            SelectionParams p = sets.params(m);
            PlanInputs in = sets.planInputs(m);
            FactorSpec spec = sets.factorSpec(m);
            int idx = specs.indexOf(spec);
            if (idx < 0) {
                idx = specs.size();
                specs.add(spec);
            }
            boolean topK = m.kind() == AcquisitionMethod.Kind.TOP_K;
            columns.add(topK ? ScorePass.Column.score(names.get(j), idx, MethodPlans.score(p, in))
                    : ScorePass.Column.firstGain(names.get(j), idx,
                            initial != null ? initial : MethodPlans.greedy(p, in).objective()));
            described.add(new Scoring.ScoredMethod(m.cliName(), topK ? "score" : "first-gain",
                    spec.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), in.r()));
            d = in.d();
        }
        return new Plan(List.copyOf(specs), List.copyOf(columns), List.copyOf(described), d);
    }
}
