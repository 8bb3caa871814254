package io.fisherselect.job.evaluate;

import static org.apache.spark.sql.functions.col;

import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.ColumnNames;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.EvaluationWriter;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.sample.ItemUniform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code evaluate}: an active-learning simulation on a labeled dataset. Per seed: a random initial
 * labeled set of n₀ items (the same for every method), then R rounds of: fit the last layer on the
 * labeled items ({@link LastLayerFit}), select K of the remaining pool items with the method
 * on the fitted layer's probabilities ({@link SelectionJob#run}
 * on DataFrames; the pool's labels are dropped before selection), reveal their labels. After the
 * initial fit and after every round's refit it records the test accuracy and mean test log-loss
 * (multi-label, {@code --likelihood bernoulli}: labels are 0/1 arrays, the fits one-vs-rest, and
 * the two metrics the per-label accuracy and the mean binary log-loss per label).
 * Without {@code --test}, a seeded share of the data (by id, the same for every seed and method) is
 * held out as the test set and never selected.
 */
public final class EvaluateJob {
    private static final Logger LOG = LogManager.getLogger(EvaluateJob.class);
    private static final long STREAM_SPLIT = 0x53504C4954000000L;
    private static final long STREAM_INITIAL = 0x494E495400000000L;
    /** loggers whose per-pick / per-stage INFO lines are turned down during a run (unless verbose) */
    private static final List<String> CHATTY = List.of("io.fisherselect.job.stage", "io.fisherselect.job.select.SelectionJob",
            "io.fisherselect.job.io.JobInputs", "io.fisherselect.job.fit",
            // MLlib warns on every fit whose random labeled subset has a constant feature (a zero coefficient)
            "org.apache.spark.ml.util.Instrumentation");

    private final SparkSession spark;

    public EvaluateJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * The result.
     *
     * @param sizes   data, pool, test, d, C
     * @param split   how the test set was obtained, for reports
     * @param seeds   the seeds run
     * @param seconds wall-clock seconds per method (selection, refit and test metrics), and "initial"
     * @param picks   the labeled items: round 0 the initial set (listed for every method), then each
     *                round's selection in pick order
     * @param fits    every last-layer fit: the initial one per seed (method "initial"), then one per
     *                method, seed and round
     */
    public record Result(EvaluateConfig config, Curves curves, Map<String, Long> sizes, String split, List<Long> seeds,
                         Map<String, Double> seconds, List<Pick> picks, List<Fit> fits) {
    }

    /**
     * How one fit ended: Newton steps or L-BFGS iterations, whether it stopped on its tolerance before the limit, and
     * ‖∇(negative log posterior)‖ at the returned weights (0 at the MAP estimate).
     */
    public record Fit(String method, long seed, int round, int labels, int iterations, boolean converged,
                      double gradientNorm) {
        static Fit of(String method, long seed, int round, LastLayerFit f) {
            LastLayerFit.Summary s = f.summary();
            return new Fit(method, seed, round, (int) s.nLabeled(), s.iterations(), s.converged(), s.gradientNorm());
        }
    }

    /** One labeled item of one method's run: the initial set is round 0. */
    public record Pick(String method, long seed, int round, String id) {
    }

    /**
     * Runs the simulation and writes curves.csv, summary.csv, picks.csv, report.json and report.html
     * atomically.
     */
    public Result run(EvaluateConfig config) {
        OutputDirectory out = OutputDirectory.prepare(config.out(), config.overwrite(),
                spark.sparkContext().hadoopConfiguration());
        try {
            Result r = evaluate(config);
            EvaluationWriter.write(out, r);
            out.commit();
            return r;
        } catch (RuntimeException | IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.out() + " failed: " + e.getMessage(), e);
        }
    }

    /** The simulation, not written anywhere. */
    public Result evaluate(EvaluateConfig config) {
        Map<String, Level> levels = new LinkedHashMap<>();
        if (!config.verbose()) {
            for (String name : CHATTY) {
                levels.put(name, LogManager.getLogger(name).getLevel());
                Configurator.setLevel(name, name.startsWith("org.apache.spark") ? Level.ERROR : Level.WARN);
            }
        }
        try {
            return simulate(config);
        } finally {
            levels.forEach(Configurator::setLevel);
        }
    }

    private Result simulate(EvaluateConfig config) {
        ColumnNames cols = config.columns();
        long start = System.nanoTime();
        boolean multiLabel = config.multiLabel();
        LabeledData.Loaded dataSet = LabeledData.read(spark, DataSet.DATA, config.data(), config.format(), cols,
                multiLabel);
        Dataset<Row> data = dataSet.frame();
        int maxLabel = dataSet.maxLabel();
        Dataset<Row> test;
        Dataset<Row> pool;
        String split;
        if (config.test() != null) {
            LabeledData.Loaded testSet = LabeledData.read(spark, DataSet.TEST, config.test(), config.format(), cols,
                    multiLabel);
            if (testSet.d() != dataSet.d()) {
                throw InputException.at(DataSet.TEST, cols.embedding(), null, "embeddings have length "
                        + testSet.d() + ", the data's have " + dataSet.d());
            }
            if (multiLabel && testSet.maxLabel() != maxLabel) {
                throw InputException.at(DataSet.TEST, cols.label(), null, "labels have " + (testSet.maxLabel() + 1)
                        + " values, the data's have " + (maxLabel + 1));
            }
            maxLabel = Math.max(maxLabel, testSet.maxLabel());
            test = testSet.frame();
            pool = data;
            split = "the test set " + config.test();
        } else {
            double f = config.testFraction();
            long splitSeed = config.splitSeed();
            String id = cols.id();
            test = data.filter((FilterFunction<Row>) r -> heldOut(splitSeed, r.getAs(id), f));
            pool = data.filter((FilterFunction<Row>) r -> !heldOut(splitSeed, r.getAs(id), f));
            split = String.format(Locale.ROOT, "%.0f%% of the data held out as the test set (by id, split seed %d;"
                    + " the same for every seed and method)", 100 * f, splitSeed);
        }
        if (config.standardize()) {
            // feature statistics of the whole --data (no labels): known in pool-based active learning
            double[][] moments = LabeledData.moments(data, cols);
            pool = LabeledData.standardized(pool, moments, cols);
            test = LabeledData.standardized(test, moments, cols);
        }
        int parts = config.selection().getPartitions();
        StructType schema = pool.schema();
        JavaRDD<Row> poolRows = coalesced(pool.javaRDD(), parts).persist(StorageLevel.MEMORY_AND_DISK());
        pool = spark.createDataFrame(poolRows, schema);
        JavaRDD<Row> testRows = coalesced(test.javaRDD(), parts).persist(StorageLevel.MEMORY_AND_DISK());
        test = spark.createDataFrame(testRows, test.schema());
        int idAt = schema.fieldIndex(cols.id());

        List<String> ids = pool.select(col("`" + cols.id() + "`")).as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        Set<String> unique = new HashSet<>();
        String duplicate = null;
        for (String id : ids) {
            if (!unique.add(id) && (duplicate == null || id.compareTo(duplicate) < 0)) {
                duplicate = id;
            }
        }
        if (duplicate != null) {
            throw InputException.at(DataSet.DATA, cols.id(), duplicate, "id is not unique");
        }
        long testCount = test.count();
        if (testCount == 0) {
            throw InputException.at(DataSet.TEST, null, null, "the test set is empty");
        }
        if (ids.size() < config.finalLabels()) {
            throw new InputException("the pool has " + ids.size() + " items but --initial + --rounds × --k needs "
                    + config.finalLabels());
        }
        int classes = config.fit().classes() > 0 ? config.fit().classes() : maxLabel + 1;
        if (multiLabel && classes != maxLabel + 1) {
            throw InputException.at(DataSet.DATA, cols.label(), null, "labels have " + (maxLabel + 1) + " values but"
                    + " --classes is " + classes);
        }
        if (maxLabel >= classes) {
            throw InputException.at(DataSet.DATA, cols.label(), null, "label " + maxLabel + " is not below --classes "
                    + classes);
        }
        if (classes < 2 && !multiLabel) {
            throw InputException.at(DataSet.DATA, cols.label(), null, "has only one class; a classifier needs two");
        }
        LastLayerFit.Options fitOptions = new LastLayerFit.Options(classes, config.fit().maxIter(),
                config.fit().intercept(), multiLabel);
        int d = dataSet.d();
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("data", config.test() == null ? ids.size() + testCount : ids.size());
        sizes.put("pool", (long) ids.size());
        sizes.put("test", testCount);
        sizes.put("d", (long) d);
        sizes.put("C", (long) classes);
        LOG.info("evaluate: {} pool items, {} test items ({}), d = {}, C = {}; methods {}; n0 = {}, K = {}, R = {},"
                        + " {} seed(s)", ids.size(), testCount, split, d, classes,
                String.join(",", config.methods().stream().map(AcquisitionMethod::cliName).toList()),
                config.initial(), config.k(), config.rounds(), config.seeds());

        String accuracyName = multiLabel ? "label accuracy" : "accuracy";
        Curves curves = new Curves();
        List<Pick> picks = new ArrayList<>();
        List<Fit> fits = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("initial", 0.0);
        for (AcquisitionMethod m : config.methods()) {
            seconds.put(m.cliName(), 0.0);
        }
        int steps = config.seeds() * config.methods().size() * config.rounds();
        int done = 0;
        SelectionJob selector = new SelectionJob(spark);
        long loopStart = System.nanoTime();
        for (int si = 0; si < config.seeds(); si++) {
            long seed = config.seed() + si;
            seeds.add(seed);
            long t0 = System.nanoTime();
            List<String> initial = new ArrayList<>(ids);
            initial.sort(Comparator.comparingDouble((String id) -> ItemUniform.uniform(seed, STREAM_INITIAL, id))
                    .thenComparing(Comparator.naturalOrder()));
            initial = List.copyOf(initial.subList(0, config.initial()));
            LastLayerFit fit0;
            try {
                fit0 = LastLayerFit.fit(subset(poolRows, schema, idAt, initial, true), cols, config.lambda(),
                        fitOptions);
            } catch (InputException e) {
                // the data passed its checks, so this is the random draw (e.g. one class only)
                throw new InputException("seed " + seed + ": the initial labeled set (" + initial.size()
                        + " random items of the data) cannot be fitted: " + e.getMessage() + "; use a larger"
                        + " --initial");
            }
            fits.add(Fit.of("initial", seed, 0, fit0));
            LastLayerFit.Metrics m0 = fit0.metrics(test);
            for (AcquisitionMethod m : config.methods()) {
                curves.add(new Curves.Point(m.cliName(), seed, 0, initial.size(), m0.accuracy(), m0.logLoss()));
            }
            seconds.merge("initial", (System.nanoTime() - t0) / 1e9, Double::sum);
            LOG.info(String.format(Locale.ROOT, "evaluate seed %d (%d/%d) round 0: %d labels, %s %.4f, log-loss"
                            + " %.4f%s (initial set, shared by every method)", seed, si + 1, config.seeds(),
                    initial.size(), accuracyName, m0.accuracy(), m0.logLoss(), f1(multiLabel, m0)));
            for (AcquisitionMethod m : config.methods()) {
                Set<String> labeledIds = new LinkedHashSet<>(initial);
                for (String id : initial) {
                    picks.add(new Pick(m.cliName(), seed, 0, id));
                }
                LastLayerFit fit = fit0;
                for (int round = 1; round <= config.rounds(); round++) {
                    long t = System.nanoTime();
                    FisherSelector params = config.round(m, ItemUniform.mix64(seed * 1_000_003L + round));
                    Dataset<Row> candidates = fit.withProbs(subset(poolRows, schema, idAt, labeledIds, false))
                            .drop(cols.label());
                    Dataset<Row> labeledSet = m.usesLabeledSet()
                            ? fit.withProbs(subset(poolRows, schema, idAt, labeledIds, true)) : null;
                    Selection batch = selector.run(new SelectConfig(RunOptions.ofSets(SetSource.ofFrame(candidates),
                            SetSource.ofFrame(labeledSet), null, null, null), params));
                    for (Selection.Picked p : batch.picks()) {
                        if (!labeledIds.add(p.id())) {
                            throw new IllegalStateException(m.cliName() + " selected '" + p.id()
                                    + "', which is already labeled");
                        }
                        picks.add(new Pick(m.cliName(), seed, round, p.id()));
                    }
                    fit = LastLayerFit.fit(subset(poolRows, schema, idAt, labeledIds, true), cols, config.lambda(),
                            fitOptions, fit);
                    fits.add(Fit.of(m.cliName(), seed, round, fit));
                    LastLayerFit.Metrics mt = fit.metrics(test);
                    curves.add(new Curves.Point(m.cliName(), seed, round, labeledIds.size(), mt.accuracy(),
                            mt.logLoss()));
                    double took = (System.nanoTime() - t) / 1e9;
                    seconds.merge(m.cliName(), took, Double::sum);
                    done++;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    double perStep = (System.nanoTime() - loopStart) / 1e9 / done;
                    LOG.info(String.format(Locale.ROOT, "evaluate seed %d (%d/%d) round %d/%d %s: %d labels,"
                                    + " %s %.4f, log-loss %.4f%s (%.1f s; elapsed %s, ETA %s)", seed, si + 1,
                            config.seeds(), round, config.rounds(), m.cliName(), labeledIds.size(), accuracyName,
                            mt.accuracy(), mt.logLoss(), f1(multiLabel, mt), took, duration(elapsed), duration(perStep * (steps - done))));
                }
            }
        }
        poolRows.unpersist(false);
        testRows.unpersist(false);
        return new Result(config, curves, sizes, split, seeds, seconds, picks, fits);
    }

    /** The rows whose id is in {@code ids} ({@code inside}) or not, as a DataFrame. */
    private Dataset<Row> subset(JavaRDD<Row> rows, StructType schema, int idAt, Set<String> ids, boolean inside) {
        Set<String> set = new HashSet<>(ids);
        JavaRDD<Row> picked = rows.filter(r -> set.contains(r.getString(idAt)) == inside);
        return spark.createDataFrame(inside ? picked.coalesce(1) : picked, schema);
    }

    private Dataset<Row> subset(JavaRDD<Row> rows, StructType schema, int idAt, List<String> ids, boolean inside) {
        return subset(rows, schema, idAt, new HashSet<>(ids), inside);
    }

    /** The rows in {@code partitions} partitions (0: as read). */
    private static JavaRDD<Row> coalesced(JavaRDD<Row> rows, int partitions) {
        return partitions > 0 ? rows.coalesce(partitions) : rows;
    }

    static boolean heldOut(long splitSeed, Object id, double fraction) {
        return ItemUniform.uniform(splitSeed, STREAM_SPLIT, String.valueOf(id)) < fraction;
    }

    /** ", micro-F1 x" for a multi-label run's log line. */
    private static String f1(boolean multiLabel, LastLayerFit.Metrics m) {
        return multiLabel ? String.format(Locale.ROOT, ", micro-F1 %.4f", m.microF1()) : "";
    }

    static String duration(double s) {
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
