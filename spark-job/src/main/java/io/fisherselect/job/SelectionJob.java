package io.fisherselect.job;

import io.fisherselect.job.fit.LastLayerFit;
import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.io.SetSource;
import io.fisherselect.job.report.SelectionReport;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.CandidateBlocks;
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
import io.fisherselect.math.select.ClassQuota;
import io.fisherselect.math.select.Conditioning;
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
                new Numerics(config.refactorEvery()), config.checkpoint() == null ? null : config, prepared.batch());
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
    private record Prepared(JobInputs.Sources sources, LastLayerFit fit, double fitSeconds, BatchConstraints batch) {
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
        BatchConstraints batch = config.batch();
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
            batch = new BatchConstraints(fitted(config, DataSet.PENDING, batch.pending(), fit), batch.exclude(),
                    batch.maxPerClass(), batch.balance());
            timer.lap("fit");
            seconds = timer.snapshot().get("fit");
        }
        return new Prepared(new JobInputs.Sources(pool, labeled, eval, query, priv, config.format(),
                config.columns(), config.partitions(), config.probabilityTolerance(), config.renormalize()), fit,
                seconds, batch);
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
        return select(sets, params, checkpointEvery, scale, numerics, checkpoint, BatchConstraints.none());
    }

    /**
     * @param batch items pending at the annotators, items to exclude and the class caps
     *              (docs/operations.md "The nightly loop")
     */
    public Selection select(JobInputs sets, SelectionParams params, int checkpointEvery, ScaleOptions scale,
                            Numerics numerics, SelectConfig checkpoint, BatchConstraints batch) {
        scale.check(params.method(), params.k());
        checkBatch(params, scale, checkpoint, batch);
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AcquisitionMethod method = params.method();
        String label = method.cliName();

        JobInputs.LoadedSet pool = sets.readPool();
        if (params.k() > pool.shape().count()) {
            throw new InputException("k = " + params.k() + " is larger than the pool (" + pool.shape().count()
                    + " items)");
        }
        sets.readOthers();
        CandidateBlock pendingBlock = batch.pending() == null ? null : sets.readPending(batch.pending(), method);
        java.util.Set<String> drop = new java.util.HashSet<>();
        long candidateCount = pool.shape().count();
        if (batch.exclude() != null) {
            drop.addAll(sets.readIds(DataSet.EXCLUDE, batch.exclude()));
        }
        if (pendingBlock != null) {
            drop.addAll(java.util.Arrays.asList(pendingBlock.ids));
        }
        double readSeconds = timer.lap("read");
        LOG.info(String.format(Locale.ROOT, "%s: read and validated %s, d = %d, C = %d (%.1f s)", label,
                sets.setSizes(), sets.rawEmbeddingLength(), sets.classes(), readSeconds));

        int c = sets.classes();
        int rawD = sets.rawEmbeddingLength();
        FactorSpec spec = params.factorSpec();
        sets.reduce();
        PlanInputs inputs = sets.planInputs(method).withPending(pendingBlock);
        int d = inputs.d();
        int r = inputs.r();
        JavaRDD<Item> candidates = pool.items();
        if (!drop.isEmpty()) {
            // pending and excluded items are never candidates (the pool's reductions above still count them)
            org.apache.spark.broadcast.Broadcast<java.util.Set<String>> dropped = sc.broadcast(drop);
            candidates = candidates.filter(it -> !dropped.value().contains(it.id()));
            sc.setJobDescription("count the candidates left after --pending / --exclude");
            candidateCount = candidates.count();
            if (params.k() > candidateCount) {
                throw new InputException("k = " + params.k() + " is larger than the pool without its pending and"
                        + " excluded items (" + candidateCount + " of " + pool.shape().count() + " items left)");
            }
        }
        if (scale.mode() == ScaleOptions.Mode.PREFILTER && method.kind() != AcquisitionMethod.Kind.TOP_K) {
            AcquisitionMethod score = scale.prefilterScore(method);
            candidates = Prefilter.candidates(sc, candidates, score, params, inputs, scale.candidates(), c, rawD,
                    label);
            LOG.info(String.format(Locale.ROOT, "%s: prefilter kept the top %d of %d items by %s", label,
                    Math.min(scale.candidates(), pool.shape().count()), pool.shape().count(), score.cliName()));
        }
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(candidates, spec, c, rawD)
                .persist(StorageLevel.MEMORY_AND_DISK());
        sc.setJobDescription("build candidate blocks");
        // with a checkpoint, the pass that builds the blocks also hashes the pool's content
        long poolHash = checkpoint == null || method.kind() == AcquisitionMethod.Kind.TOP_K ? 0L
                : blocks.map(GreedyCheckpoint::unorderedHash).fold(0L, Long::sum);
        if (poolHash == 0L) {
            blocks.count();
        }
        boolean multiLabel = params.likelihood() == FactorSpec.Likelihood.BERNOULLI;
        boolean classes = params.likelihood() != FactorSpec.Likelihood.GAUSSIAN;
        if (batch.hasQuota()) {
            sc.setJobDescription("count the candidates per predicted class");
            long[] predicted = blocks.map(b -> ClassQuota.predictedCounts(b, null, false)).reduce(ClassQuota::add);
            ClassQuota quota = ClassQuota.of(batch.maxPerClass(), batch.balance(), params.k(), predicted);
            quota.checkFeasible(params.k(), predicted);
            inputs = inputs.withQuota(quota);
            LOG.info(String.format(Locale.ROOT, "%s: class caps %s (candidates per predicted class %s)", label, quota,
                    java.util.Arrays.toString(predicted)));
        }
        sets.unpersist();
        double aggregateSeconds = timer.lap("aggregate");
        LOG.info(String.format(Locale.ROOT, "%s: reduced the inputs and built the candidates, D = %d, r = %d (%.1f s)",
                label, (long) c * d, r, aggregateSeconds));

        List<Selection.Picked> picks = new ArrayList<>();
        int resumed = 0;
        if (method.kind() == AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> top = params.sampling() == null
                    ? DistributedTopK.select(sc, blocks, MethodPlans.score(params, inputs, numerics), params.k(), label,
                    inputs.quota())
                    : DistributedSampledTopK.select(sc, blocks, MethodPlans.score(params, inputs, numerics), params,
                    label, inputs.quota());
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
            GreedyDriver driver = MethodPlans.greedy(params, inputs, numerics);
            Conditioning conditioning = MethodPlans.conditioning(params, inputs, driver);
            for (DistributedGreedy.Timed t : greedy.select(blocks, driver, params.k(), label, progress,
                    inputs.quota(), conditioning)) {
                picks.add(new Selection.Picked(picks.size() + 1, t.pick().id, t.pick().gain, t.seconds()));
            }
            resumed = greedy.resumed();
        }
        long[] classCounts = null;
        if (classes) {
            java.util.Set<String> picked = new java.util.HashSet<>();
            picks.forEach(p -> picked.add(p.id()));
            sc.setJobDescription("count the picks per predicted class");
            classCounts = blocks.map(b -> ClassQuota.predictedCounts(b, picked, multiLabel)).reduce(ClassQuota::add);
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
        if (pendingBlock != null) {
            sizes.put("pending", (long) pendingBlock.n);
        }
        if (!drop.isEmpty()) {
            sizes.put("candidates", candidateCount);
        }
        return new Selection(null, picks, sizes, timer.snapshot(), numerics, resumed, null, classCounts);
    }

    /** Combinations of {@code --pending}, {@code --exclude} and class caps this run cannot honour, refused up front. */
    private static void checkBatch(SelectionParams params, ScaleOptions scale, SelectConfig checkpoint,
                                   BatchConstraints batch) {
        if (batch.isNone()) {
            return;
        }
        AcquisitionMethod m = params.method();
        if (checkpoint != null) {
            throw new IllegalArgumentException("--checkpoint cannot be combined with --pending, --exclude,"
                    + " --max-per-class or --balance (the checkpoint does not record them)");
        }
        if (batch.hasQuota()) {
            if (params.likelihood() != FactorSpec.Likelihood.SOFTMAX) {
                throw new IllegalArgumentException("--max-per-class / --balance cap the predicted class argmax π of a"
                        + " single-label classification; with --likelihood "
                        + params.likelihood().name().toLowerCase(Locale.ROOT) + " the items have no single predicted"
                        + " class");
            }
            boolean kmeansParallel = m == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL;
            if (m.kind() != AcquisitionMethod.Kind.TOP_K && (scale.mode() != ScaleOptions.Mode.EXACT || kmeansParallel)) {
                throw new IllegalArgumentException("--max-per-class / --balance need --mode exact"
                        + (kmeansParallel ? " and --init kmeans-pp" : "") + " (got --mode " + scale.mode().cliName()
                        + (kmeansParallel ? ", --init kmeans-parallel" : "") + ")");
            }
        }
        if (batch.pending() != null && MethodPlans.conditionsByPicks(m) && (scale.mode() == ScaleOptions.Mode.PARTITIONED
                || (m == AcquisitionMethod.BADGE && scale.init() == ScaleOptions.Init.KMEANS_PARALLEL))) {
            throw new IllegalArgumentException("--pending with " + m.cliName() + " needs --mode exact or prefilter"
                    + " (and --init kmeans-pp for badge): the pending items enter its greedy as picks");
        }
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
