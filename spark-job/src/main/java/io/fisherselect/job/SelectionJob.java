package io.fisherselect.job;

import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.SelectionReport;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.job.stage.CandidateMemory;
import io.fisherselect.job.io.Item;
import io.fisherselect.job.stage.DistributedGreedy;
import io.fisherselect.job.stage.DistributedKMeansParallel;
import io.fisherselect.job.stage.DistributedPartitionedGreedy;
import io.fisherselect.job.stage.Prefilter;
import io.fisherselect.math.select.Pick;
import io.fisherselect.job.stage.DistributedSampledTopK;
import io.fisherselect.job.stage.DistributedTopK;
import io.fisherselect.job.stage.GreedyCheckpoint;
import io.fisherselect.math.linalg.Numerics;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.GreedyDriver;
import io.fisherselect.math.select.MethodPlans;
import io.fisherselect.math.select.PlanInputs;
import io.fisherselect.math.select.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One {@code select} run: read and validate the sets, reduce the labeled Fisher, select (top-k in
 * one pass, or the exact distributed greedy), and write the outputs atomically. The stages only
 * move data; every formula is called from shared-math.
 */
public final class SelectionJob {
    private static final Logger LOG = LogManager.getLogger(SelectionJob.class);

    private final SparkSession spark;

    public SelectionJob(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * Runs the selection and writes {@code config.out()} (selection.csv, selection/, report.json,
     * report.html); returns what was written.
     */
    public Selection run(SelectConfig config) {
        OutputDirectory out = OutputDirectory.prepare(config.out(), config.overwrite(),
                spark.sparkContext().hadoopConfiguration());
        try {
            Prepared prepared = prepare(config);
            Selection s = select(config, prepared);
            StageTimer writeTimer = new StageTimer();
            SelectionWriter.writeSelection(spark, out, s);
            writeTimer.lap("write");
            SelectionReport.Data page = SelectionReport.collect(spark, prepared.sources(), config.params(), s);
            writeTimer.lap("report");
            Map<String, Double> lapped = writeTimer.snapshot();
            Map<String, Double> timings = StageTimer.withStage(
                    StageTimer.withStage(s.timings(), "write", lapped.get("write")), "report", lapped.get("report"));
            // report.json is written last, so that it carries the write stage and the total
            Selection written = s.with(s.config(), timings);
            SelectionWriter.writeReport(out, written);
            out.writeText("report.html", SelectionReport.html(written, page));
            out.commit();
            LOG.info(String.format(Locale.ROOT, "wrote %s (%.1f s)", out.target(), timings.get("write")));
            return written;
        } catch (RuntimeException | java.io.IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.out() + " failed: " + e.getMessage(), e);
        }
    }

    /** The selection of a command-line run, not written anywhere. */
    public Selection select(SelectConfig config) {
        return select(config, prepare(config));
    }

    private Selection select(SelectConfig config, Prepared prepared) {
        JobInputs inputs = new JobInputs(spark, prepared.sources(), config.params(), List.of(config.params().method()))
                .withScale(config.scale());
        Selection s = select(inputs, config.params(), config.checkpointEvery(), config.scale(),
                new Numerics(config.refactorEvery()), config.checkpoint() == null ? null : config);
        Map<String, Double> timings = s.timings();
        if (prepared.fitSeconds() > 0) {
            timings = new LinkedHashMap<>();
            timings.put("fit", prepared.fitSeconds());
            timings.putAll(s.timings());
            timings.put("total", s.timings().get("total") + prepared.fitSeconds());
        }
        return s.with(config, timings).withLastLayer(prepared.fit() == null ? null : prepared.fit().summary());
    }

    /** The sets of a command-line run, and the fitted last layer when there is one. */
    private record Prepared(JobInputs.Sources sources, LastLayerFit fit, double fitSeconds) {
    }

    /**
     * The sets as paths; with {@code --fit-last-layer}, as DataFrames whose {@code probs} column
     * is the last layer's, fitted with MLlib on the labeled set ({@link LastLayerFit}).
     */
    private Prepared prepare(SelectConfig config) {
        SetSource pool = SetSource.ofPath(config.pool());
        SetSource labeled = SetSource.ofPath(config.labeled());
        SetSource eval = SetSource.ofPath(config.eval());
        SetSource query = SetSource.ofPath(config.query());
        SetSource priv = SetSource.ofPath(config.privateSet());
        LastLayerFit fit = null;
        double seconds = 0;
        if (config.lastLayer() != null) {
            StageTimer timer = new StageTimer();
            fit = LastLayerFit.fit(frame(config, DataSet.LABELED, labeled, true), config.columns(),
                    config.params().lambda(), config.lastLayer());
            pool = fitted(config, DataSet.POOL, pool, fit);
            labeled = fitted(config, DataSet.LABELED, labeled, fit);
            eval = fitted(config, DataSet.EVAL, eval, fit);
            query = fitted(config, DataSet.QUERY, query, fit);
            priv = fitted(config, DataSet.PRIVATE, priv, fit);
            timer.lap("fit");
            seconds = timer.snapshot().get("fit");
        }
        return new Prepared(new JobInputs.Sources(pool, labeled, eval, query, priv, config.format(),
                config.columns(), config.partitions(), config.probabilityTolerance(), config.renormalize()), fit,
                seconds);
    }

    private SetSource fitted(SelectConfig config, DataSet set, SetSource source, LastLayerFit fit) {
        return source == null ? null : SetSource.ofFrame(fit.withProbs(frame(config, set, source, false)));
    }

    /** A set's rows as read (schema checked for the id and embedding, and the label if asked). */
    private Dataset<Row> frame(SelectConfig config, DataSet set, SetSource source, boolean label) {
        return new ItemReader(spark, config.columns()).open(set, source, config.format(),
                new ItemReader.Needs(true, false, label)).frame();
    }

    /**
     * Selects a batch from sets given as paths or DataFrames (see {@link JobInputs.Sources}); the
     * result's {@code config} is null. This is what the Java API and {@code evaluate} call.
     *
     * @param checkpointEvery picks between lineage truncations of the distributed greedy
     */
    public Selection select(JobInputs sets, SelectionParams params, int checkpointEvery) {
        return select(sets, params, checkpointEvery, ScaleOptions.defaults(), Numerics.defaults(), null);
    }

    /**
     * @param scale      the greedy mode and BADGE's seeding (the large-D options must also have been
     *                   given to {@code sets}, see {@link JobInputs#withScale})
     * @param numerics   the numerical safeguards (re-factorisation interval); filled with what happened
     * @param checkpoint the command line's config when it names a {@code --checkpoint} directory
     *                   (its arguments are the checkpoint's fingerprint), else null
     */
    public Selection select(JobInputs sets, SelectionParams params, int checkpointEvery, ScaleOptions scale,
                            Numerics numerics, SelectConfig checkpoint) {
        scale.check(params.method(), params.k());
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AcquisitionMethod method = params.method();
        String label = method.cliName();

        JobInputs.LoadedSet pool = sets.readPool();
        sets.readOthers();
        OptionLimits.forSelection(params, scale, sets.dataShape());
        double readSeconds = timer.lap("read");
        LOG.info(String.format(Locale.ROOT, "%s: read and validated %s, d = %d, C = %d (%.1f s)", label,
                sets.setSizes(), sets.rawEmbeddingLength(), sets.classes(), readSeconds));

        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        FactorSpec spec = params.factorSpec();
        sets.reduce();
        PlanInputs inputs = sets.planInputs(method);
        int d = inputs.d();
        int r = inputs.r();
        JavaRDD<Item> candidates = pool.items();
        if (scale.mode() == ScaleOptions.Mode.PREFILTER && method.kind() != AcquisitionMethod.Kind.TOP_K) {
            AcquisitionMethod score = scale.prefilterScore(method);
            candidates = Prefilter.candidates(sc, candidates, score, params, inputs, scale.candidates(), c, rawD,
                    label);
            LOG.info(String.format(Locale.ROOT, "%s: prefilter kept the top %d of %d items by %s", label,
                    Math.min(scale.candidates(), pool.shape().count()), pool.shape().count(), score.cliName()));
        }
        // the exact greedy's driver now: its objective's state width (two copies cached while a
        // pick moves to the next state; one inside a partitioned run's task) sizes the blocks
        boolean greedyKind = method.kind() != AcquisitionMethod.Kind.TOP_K
                && !(method == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL);
        boolean partitioned = greedyKind && scale.mode() == ScaleOptions.Mode.PARTITIONED;
        GreedyDriver greedyDriver = greedyKind && !partitioned ? MethodPlans.greedy(params, inputs, numerics) : null;
        int stateValues = greedyDriver != null ? 2 * greedyDriver.objective().stateWidth()
                : partitioned ? MethodPlans.greedy(params, inputs).objective().stateWidth() : 0;
        long candidateCount = scale.mode() == ScaleOptions.Mode.PREFILTER && method.kind() != AcquisitionMethod.Kind.TOP_K
                ? Math.min(scale.candidates(), pool.shape().count()) : pool.shape().count();
        candidates = sized(candidates, candidateCount, stateValues, d, c, r, label);
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(candidates, spec, c, rawD)
                .persist(StorageLevel.MEMORY_AND_DISK());
        sc.setJobDescription("build candidate blocks");
        // with a checkpoint, the pass that builds the blocks also hashes the pool's content
        long poolHash = checkpoint == null || method.kind() == AcquisitionMethod.Kind.TOP_K ? 0L
                : blocks.map(GreedyCheckpoint::unorderedHash).fold(0L, Long::sum);
        if (poolHash == 0L) {
            blocks.count();
        }
        sets.unpersist();
        double aggregateSeconds = timer.lap("aggregate");
        LOG.info(String.format(Locale.ROOT, "%s: reduced the inputs and built the candidates, D = %d, r = %d (%.1f s)",
                label, (long) c * d, r, aggregateSeconds));

        List<Selection.Picked> picks = new ArrayList<>();
        int resumed = 0;
        if (method.kind() == AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> top = params.sampling() == null
                    ? DistributedTopK.select(sc, blocks, MethodPlans.score(params, inputs, numerics), params.k(), label)
                    : DistributedSampledTopK.select(sc, blocks, MethodPlans.score(params, inputs, numerics), params,
                    label);
            for (TopK.Scored s : top) {
                picks.add(new Selection.Picked(picks.size() + 1, s.id(), s.score(), 0.0));
            }
        } else if (method == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL) {
            for (Pick p : DistributedKMeansParallel.select(sc, blocks, params.k(), params.seed(), scale.kmeansRounds(),
                    scale.oversampling(params.k()), label)) {
                picks.add(new Selection.Picked(picks.size() + 1, p.id, p.gain, 0.0));
            }
        } else if (scale.mode() == ScaleOptions.Mode.PARTITIONED) {
            for (Pick p : DistributedPartitionedGreedy.select(sc, blocks, params, inputs,
                    scale.partitionK(params.k()), label)) {
                picks.add(new Selection.Picked(picks.size() + 1, p.id, p.gain, 0.0));
            }
        } else {
            DistributedGreedy greedy = new DistributedGreedy(sc, checkpointEvery,
                    sc.getCheckpointDir().isPresent());
            GreedyCheckpoint progress = checkpoint == null ? null : new GreedyCheckpoint(checkpoint.checkpoint(),
                    sc.hadoopConfiguration(), fingerprint(checkpoint, inputs, sets.setSizes(), poolHash));
            for (DistributedGreedy.Timed t : greedy.select(blocks, greedyDriver, params.k(), label, progress)) {
                picks.add(new Selection.Picked(picks.size() + 1, t.pick().id, t.pick().gain, t.seconds()));
            }
            resumed = greedy.resumed();
        }
        blocks.unpersist(false);
        double selectSeconds = timer.lap("select");
        LOG.info(String.format(Locale.ROOT, "%s: selected %d of %d items (%.1f s)", label, picks.size(),
                pool.shape().count(), selectSeconds));

        Map<String, Long> sizes = sets.setSizes();
        sizes.put("d", (long) d);
        sizes.put("C", (long) c);
        sizes.put("D", (long) c * d);
        sizes.put("r", (long) r);
        return new Selection(null, picks, sizes, timer.snapshot(), numerics, resumed, null);
    }

    /**
     * The candidates in as many partitions as their blocks need to fit a task's memory
     * ({@link CandidateMemory}): repartitioned when the input has fewer. The selection is the same
     * for any partitioning (docs/operations.md, "Determinism").
     *
     * @param stateValues doubles of greedy state cached per item (both copies), 0 for top-k
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
     * What a checkpoint must match to be resumed: every argument that changes the selection (not
     * the output, the partitioning, the Spark master or the checkpoint interval) and the inputs'
     * content — a hash of the pool's items and of the reduced sets (labeled, pool and eval Fisher
     * matrices, query and private embeddings), and the set sizes.
     */
    static Map<String, String> fingerprint(SelectConfig c, PlanInputs in, Map<String, Long> sizes, long poolHash) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        SelectionParams p = c.params();
        f.put("method", p.method().cliName());
        f.put("k", String.valueOf(p.k()));
        f.put("lambda", String.valueOf(p.lambda()));
        f.put("seed", String.valueOf(p.seed()));
        f.put("likelihood", p.likelihood().name().toLowerCase(Locale.ROOT));
        f.put("noise", String.valueOf(p.noiseVariance()));
        f.put("fisher-rank", String.valueOf(p.fisherRank()));
        f.put("bias", String.valueOf(p.bias()));
        f.put("kernel", p.kernel().name().toLowerCase(Locale.ROOT));
        f.put("eta", String.valueOf(p.eta()));
        f.put("nu", String.valueOf(p.nu()));
        f.put("refactor-every", String.valueOf(c.refactorEvery()));
        f.put("pool", c.pool());
        f.put("labeled", String.valueOf(c.labeled()));
        f.put("eval", String.valueOf(c.eval()));
        f.put("query", String.valueOf(c.query()));
        f.put("private", String.valueOf(c.privateSet()));
        f.put("prob-tolerance", String.valueOf(c.probabilityTolerance()));
        f.put("renormalize", String.valueOf(c.renormalize()));
        f.put("columns", c.columns().toString());
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
