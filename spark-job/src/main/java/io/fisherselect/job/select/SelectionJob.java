package io.fisherselect.job.select;

import io.fisherselect.job.io.JobInputs;

import io.fisherselect.job.api.FisherSelector;
import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.OptionLimits;
import io.fisherselect.job.io.Item;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.SelectionReport;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.job.stage.CandidateMemory;
import io.fisherselect.job.stage.FisherAggregation;
import io.fisherselect.job.stage.GreedyCheckpoint;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.select.GreedyObjective;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.plan.BatchObjective;
import io.fisherselect.math.plan.PlanInputs;
import io.fisherselect.math.plan.SelectionParams;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;

/**
 * One selection, for the command line, the Java API and {@code evaluate} alike: optionally fit the
 * last layer, load the sets once ({@link JobInputs#load}: read, validate, reduce), select with the
 * mode's {@link SelectionStrategy}, and — when the run has an output directory — write the
 * outputs atomically, drawing report.html from the same loaded sets. The stages only move data;
 * every formula is called from shared-math.
 */
public final class SelectionJob {
    private static final Logger LOG = LogManager.getLogger(SelectionJob.class);

    private final SparkSession spark;
    private final ModeChoice.Rule autoRule;

    public SelectionJob(SparkSession spark) {
        this(spark, ModeChoice.Rule.DEFAULT);
    }

    /** With other thresholds for {@code --mode auto} (tests reach multiround on small pools with it). */
    SelectionJob(SparkSession spark, ModeChoice.Rule autoRule) {
        this.spark = spark;
        this.autoRule = autoRule;
    }

    /**
     * Runs the selection; with {@code config.run().out()}, writes selection.csv, selection/,
     * report.json and report.html there. Returns the selection (with the write and report timings
     * when written).
     */
    public Selection run(SelectConfig config) {
        return run(config, ApproximationChoice.Limits.of());
    }

    /** As {@link #run(SelectConfig)}, with the limits of {@code --approximation auto} given. */
    Selection run(SelectConfig config, ApproximationChoice.Limits limits) {
        RunOptions run = config.run();
        OutputDirectory out = run.out() == null ? null
                : OutputDirectory.prepare(run.out(), run.overwrite(), spark.sparkContext().hadoopConfiguration());
        JobInputs inputs = null;
        try {
            StageTimer timer = new StageTimer();
            Fitted fitted = fit(config, timer);
            SelectionParams params = config.selectionParams();
            ScaleOptions scale = config.scale();
            ApproximationChoice[] chosen = new ApproximationChoice[1];
            inputs = JobInputs.load(spark, fitted.sources(), params, List.of(params.method()), shape -> {
                ApproximationChoice a = ApproximationChoice.choose(scale, params.method(), shape.d(), shape.classes(),
                        params.bias(), limits);
                ScaleOptions resolved = scale.withSketch(a.sketch());
                OptionLimits.forSelection(params, resolved, config.params().getMaxPerClass(), shape);
                OptionLimits.driverMatrices(params.method(), a, params.bias(), shape, limits.driverHeap());
                LOG.info(String.format(Locale.ROOT, "%s: approximation %s%s (%s)", params.method().cliName(), a.ran(),
                        a.sketch() > 0 ? " m = " + a.sketch() : "", a.reason()));
                chosen[0] = a;
                return resolved;
            }, timer, null);
            Selected selected = select(config, inputs, fitted.pending(), timer, chosen[0]);
            Selection s = selected.selection().withLastLayer(fitted.summary());
            if (out == null) {
                return s;
            }
            StageTimer writeTimer = new StageTimer();
            SelectionWriter.writeSelection(spark, out, s);
            writeTimer.lap("write");
            SelectionReport.Data page = SelectionReport.collect(spark, inputs, s, selected.initialObjective());
            writeTimer.lap("report");
            Map<String, Double> lapped = writeTimer.snapshot();
            Map<String, Double> timings = StageTimer.withStage(
                    StageTimer.withStage(s.timings(), "write", lapped.get("write")), "report", lapped.get("report"));
            // report.json is written last, so that it carries the write stage and the total
            Selection written = s.withTimings(timings);
            SelectionWriter.writeReport(out, written);
            out.writeText("report.html", SelectionReport.html(written, page));
            out.commit();
            LOG.info(String.format(Locale.ROOT, "wrote %s (%.1f s)", out.target(), timings.get("write")));
            return written;
        } catch (RuntimeException | java.io.IOException e) {
            if (out != null) {
                out.abort();
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + run.out() + " failed: " + e.getMessage(), e);
        } finally {
            if (inputs != null) {
                inputs.unpersist();
            }
        }
    }

    /** The sets to read (and the pending set), and the fitted last layer when there is one. */
    private record Fitted(JobInputs.Sources sources, SetSource pending, LastLayerFit.Summary summary) {
    }

    /**
     * The sets as given; with {@code fitLastLayer}, as DataFrames whose probabilities column is the
     * last layer's, fitted on the labeled set ({@link LastLayerFit}).
     */
    private Fitted fit(SelectConfig config, StageTimer timer) {
        RunOptions run = config.run();
        FisherSelector p = config.params();
        SetSource pool = run.pool();
        SetSource labeled = run.labeled();
        SetSource eval = run.eval();
        SetSource query = run.query();
        SetSource priv = run.privateSet();
        SetSource pending = run.pending();
        LastLayerFit fit = null;
        LastLayerFit.Options options = p.lastLayerOptions();
        if (options != null) {
            // a multi-label label is an array of 0/1, checked by the fit itself (ItemReader checks class indices)
            fit = LastLayerFit.fit(frame(config, DataSet.LABELED, labeled, !options.multiLabel()), p.columnNames(),
                    p.getLambda(), options);
            pool = fitted(config, DataSet.POOL, pool, fit);
            labeled = fitted(config, DataSet.LABELED, labeled, fit);
            eval = fitted(config, DataSet.EVAL, eval, fit);
            query = fitted(config, DataSet.QUERY, query, fit);
            priv = fitted(config, DataSet.PRIVATE, priv, fit);
            pending = fitted(config, DataSet.PENDING, pending, fit);
            timer.lap("fit");
        }
        return new Fitted(new JobInputs.Sources(pool, labeled, eval, query, priv, run.format(), p.columnNames(),
                p.getPartitions(), p.getProbTolerance(), p.getRenormalize()), pending, fit == null ? null : fit.summary());
    }

    private SetSource fitted(SelectConfig config, DataSet set, SetSource source, LastLayerFit fit) {
        return source == null ? null : SetSource.ofFrame(fit.withProbs(frame(config, set, source, false)));
    }

    /** A set's rows as read (schema checked for the id and embedding, and the label if asked). */
    private Dataset<Row> frame(SelectConfig config, DataSet set, SetSource source, boolean label) {
        return new ItemReader(spark, config.params().columnNames()).open(set, source, config.run().format(),
                new ItemReader.Needs(true, false, label)).frame();
    }

    /**
     * Builds the candidate blocks — the pool without the pending and excluded items — and runs the
     * mode's strategy on them, conditioned on the pending items and under the class caps
     * (docs/operations.md "The nightly loop").
     */
    /** A selection and its greedy's initial candidate side (null for other modes), which the report reuses. */
    private record Selected(Selection selection, GreedyObjective initialObjective) {
    }

    private Selected select(SelectConfig config, JobInputs sets, SetSource pendingSource, StageTimer timer,
                             ApproximationChoice approximation) {
        SelectionParams params = config.selectionParams();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AcquisitionMethod method = params.method();
        String label = method.cliName();
        Numerics numerics = new Numerics(config.params().getRefactorEvery());

        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        CandidateBlock pending = pendingSource == null ? null : sets.readPending(pendingSource, method);
        PlanInputs inputs = sets.planInputs(method).withPending(pending);
        long poolSize = sets.pool().shape().count();
        JavaRDD<Item> pool = sets.pool().items();
        Set<String> drop = new HashSet<>();
        if (config.run().exclude() != null) {
            drop.addAll(sets.readIds(DataSet.EXCLUDE, config.run().exclude()));
        }
        if (pending != null) {
            drop.addAll(Arrays.asList(pending.ids));
        }
        long candidateCount = poolSize;
        if (!drop.isEmpty()) {
            // pending and excluded items are never candidates (the pool's reductions still count them)
            Broadcast<Set<String>> dropped = sc.broadcast(drop);
            pool = pool.filter(it -> !dropped.value().contains(it.id()));
            sc.setJobDescription("count the candidates left after the pending and excluded items");
            candidateCount = pool.count();
            if (params.k() > candidateCount) {
                throw new InputException("--k " + params.k() + " is larger than the pool without its pending and"
                        + " excluded items (" + candidateCount + " of " + poolSize + " items left); use --k ≤ "
                        + candidateCount);
            }
        }
        // the options as loaded: --approximation auto resolved against the data (a sketch, or none)
        ModeChoice modeChoice = ModeChoice.choose(sets.scale(), method, params.k(), candidateCount,
                config.multiRoundRefusal(), autoRule);
        ScaleOptions scale = sets.scale().resolved(modeChoice.mode());
        LOG.info(String.format(Locale.ROOT, "%s: mode %s (%s)", label, modeChoice.mode().cliName(), modeChoice.reason()));
        SelectionStrategy strategy = SelectionStrategy.of(params, scale);
        SelectionStrategy.Context context = new SelectionStrategy.Context(sc, params, scale, inputs, numerics,
                config.params().getCheckpointEvery(), null, c, rawD, label, candidateCount,
                config.params().getGreedyOn());
        long strategyCount = strategy.candidateCount(context, candidateCount);
        CandidateMemory.Unit unit = strategy.unit(context, strategyCount);
        if (unit != null) {
            CandidateMemory.check(unit, unit.driver() ? CandidateMemory.Budget.driver()
                    : CandidateMemory.Budget.of(spark.sparkContext()));
        }
        JavaRDD<Item> candidates = sized(strategy.candidates(context, pool, candidateCount), strategyCount,
                strategy.stateValues(context), inputs.d(), c, inputs.r(), label);
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(candidates, params.factorSpec(), c, rawD)
                .persist(StorageLevel.MEMORY_AND_DISK());
        sc.setJobDescription("build candidate blocks");
        if (config.run().checkpoint() != null && strategy.checkpoints()) {
            // the pass that builds the blocks also hashes the candidates' content
            long poolHash = blocks.map(GreedyCheckpoint::unorderedHash).fold(0L, Long::sum);
            context = context.withCheckpoint(new GreedyCheckpoint(config.run().checkpoint(), sc.hadoopConfiguration(),
                    fingerprint(config, inputs, sets.setSizes(), poolHash)));
        } else {
            blocks.count();
        }
        if (config.params().hasClassCaps()) {
            sc.setJobDescription("count the candidates per predicted class");
            long[] predicted = blocks.map(b -> ClassQuota.predictedCounts(b, null, false)).reduce(ClassQuota::add);
            ClassQuota quota = ClassQuota.of(config.params().getMaxPerClass(), config.params().balanceValue(),
                    params.k(), predicted);
            quota.checkFeasible(params.k(), predicted);
            context = context.withInputs(context.inputs().withQuota(quota));
            LOG.info(String.format(Locale.ROOT, "%s: class caps %s (candidates per predicted class %s)", label, quota,
                    Arrays.toString(predicted)));
        }
        double aggregateSeconds = timer.lap("aggregate");
        LOG.info(String.format(Locale.ROOT, "%s: reduced the inputs and built the candidates, D = %d, r = %d (%.1f s)",
                label, (long) c * inputs.d(), inputs.r(), aggregateSeconds));

        List<Selection.Picked> picks = strategy.select(context, blocks);
        FinalObjective objective = finalObjective(sc, params, scale, inputs, pool, picks, c, rawD, label);
        long[] classCounts = null;
        if (params.likelihood() != FactorSpec.Likelihood.GAUSSIAN) {
            Set<String> picked = new HashSet<>();
            picks.forEach(p -> picked.add(p.id()));
            boolean multiLabel = params.likelihood() == FactorSpec.Likelihood.BERNOULLI;
            sc.setJobDescription("count the picks per predicted class");
            classCounts = blocks.map(b -> ClassQuota.predictedCounts(b, picked, multiLabel)).reduce(ClassQuota::add);
        }
        blocks.unpersist(false);
        double selectSeconds = timer.lap("select");
        LOG.info(String.format(Locale.ROOT, "%s: selected %d of %d items (%.1f s)", label, picks.size(), poolSize,
                selectSeconds));

        Map<String, Long> sizes = sets.setSizes();
        sizes.put("d", (long) inputs.d());
        sizes.put("C", (long) c);
        sizes.put("D", (long) c * inputs.d());
        sizes.put("r", (long) inputs.r());
        if (pending != null) {
            sizes.put("pending", (long) pending.n);
        }
        if (!drop.isEmpty()) {
            sizes.put("candidates", candidateCount);
        }
        return new Selected(new Selection(config, picks, sizes, timer.snapshot(), numerics, strategy.resumed(), null,
                classCounts, strategy.greedyPlace(), modeChoice, objective, approximation), strategy.initialObjective());
    }

    /**
     * The method's objective of the batch (null for a method without one): the sum of the gains
     * when one greedy picked the batch in order; for a multi-round union of parts, whose gains are
     * each part's own, the closed form from one Fisher sum over the batch's items
     * ({@link BatchObjective}: the reduction that builds H, then a Cholesky on the driver), or why
     * there is none.
     *
     * @param pool the candidates' items (the pool without its pending and excluded items)
     */
    private static FinalObjective finalObjective(JavaSparkContext sc, SelectionParams params, ScaleOptions scale,
                                                 PlanInputs inputs, JavaRDD<Item> pool, List<Selection.Picked> picks,
                                                 int c, int rawD, String label) {
        AcquisitionMethod m = params.method();
        if (!scale.unionOfParts(params.k())) {
            if (!m.gainsSumToObjective()) {
                return null;
            }
            double sum = 0;
            for (Selection.Picked p : picks) {
                sum += p.gain();
            }
            return new FinalObjective(sum, "the sum of the gains");
        }
        String why = BatchObjective.unavailable(m);
        if (why != null) {
            String leftOut = "the batch is a union of multiround parts whose gains are their own, and " + why;
            LOG.info("{}: no objective in report.json: {}", label, leftOut);
            return new FinalObjective(null, leftOut);
        }
        long t0 = System.nanoTime();
        Set<String> ids = new HashSet<>();
        picks.forEach(p -> ids.add(p.id()));
        Broadcast<Set<String>> batch = sc.broadcast(ids);
        sc.setJobDescription("sum the Fisher information of the batch's " + ids.size() + " items for its objective");
        DMatrixRMaj sum = FisherAggregation.sum(pool.filter(it -> batch.value().contains(it.id())), ids.size(),
                params.factorSpec(), c, rawD, BatchObjective.weights(params));
        batch.destroy();
        double value = BatchObjective.of(params, inputs, sum, ids.size());
        LOG.info(String.format(Locale.ROOT, "%s: objective of the batch %.10g, from one Fisher sum over its %d items"
                + " (a union of multiround parts; %.1f s)", label, value, ids.size(), (System.nanoTime() - t0) / 1e9));
        return new FinalObjective(value, "one Fisher sum over the batch's items and a log det (the batch is a union"
                + " of multiround parts whose gains are their own)");
    }

    /**
     * The candidates in as many partitions as their blocks need to fit a task's memory
     * ({@link CandidateMemory}): repartitioned when the input has fewer. The selection is the same
     * for any partitioning (docs/operations.md, "Determinism").
     *
     * @param stateValues doubles of greedy state cached per item ({@link SelectionStrategy#stateValues})
     */
    private JavaRDD<Item> sized(JavaRDD<Item> candidates, long items, int stateValues, int d, int c, int r,
                                String label) {
        CandidateMemory.Budget budget = CandidateMemory.Budget.of(spark.sparkContext());
        long perItem = CandidateMemory.bytesPerItem(d, c, r, stateValues, 1);
        int given = candidates.getNumPartitions();
        int partitions = CandidateMemory.partitions(items, given, perItem, budget);
        if (partitions == given) {
            return candidates;
        }
        LOG.info(String.format(Locale.ROOT, "%s: %d candidates × %d bytes of blocks and states in %d partitions, so"
                + " that each fits half a task's %d MiB (%d input partitions)", label, items, perItem, partitions,
                budget.taskBytes() >> 20, given));
        return candidates.repartition(partitions);
    }

    /**
     * What a checkpoint must match to be resumed: every param that changes the selection
     * ({@link io.fisherselect.job.api.FisherStage#changesSelection}), the sets' locations and the
     * inputs' content — a hash of the candidates and of the reduced sets (labeled, pool and eval
     * Fisher matrices, query and private embeddings), and the set sizes.
     */
    public static Map<String, String> fingerprint(SelectConfig c, PlanInputs in, Map<String, Long> sizes, long poolHash) {
        Map<String, String> f = new LinkedHashMap<>();
        FisherSelector p = c.params();
        for (Param<?> param : p.params()) {
            if (p.changesSelection(param)) {
                f.put(param.name(), String.valueOf(p.getOrDefault(param)));
            }
        }
        RunOptions run = c.run();
        f.put("pool", RunOptions.describe(run.pool()));
        f.put("labeled", String.valueOf(RunOptions.describe(run.labeled())));
        f.put("eval", String.valueOf(RunOptions.describe(run.eval())));
        f.put("query", String.valueOf(RunOptions.describe(run.query())));
        f.put("private", String.valueOf(RunOptions.describe(run.privateSet())));
        f.put("sizes", new java.util.TreeMap<>(sizes).toString());
        f.put("pool content", Long.toHexString(poolHash));
        f.put("labeled Fisher", GreedyCheckpoint.hash(in.labeledFisherSum()));
        f.put("pool Fisher", GreedyCheckpoint.hash(in.poolFisherSum()));
        f.put("eval Fisher", GreedyCheckpoint.hash(in.evalFisherMean()));
        f.put("query content", GreedyCheckpoint.hash(in.query()));
        f.put("private content", GreedyCheckpoint.hash(in.privateSet()));
        return f;
    }
}
