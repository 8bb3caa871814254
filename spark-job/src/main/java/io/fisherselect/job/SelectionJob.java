package io.fisherselect.job;

import io.fisherselect.job.io.DataSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.io.Item;
import io.fisherselect.job.io.ItemReader;
import io.fisherselect.job.io.OutputDirectory;
import io.fisherselect.job.io.SetValidator;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.job.report.StageTimer;
import io.fisherselect.job.stage.CandidateBlocks;
import io.fisherselect.job.stage.DistributedGreedy;
import io.fisherselect.job.stage.DistributedSampledTopK;
import io.fisherselect.job.stage.DistributedTopK;
import io.fisherselect.job.stage.FisherAggregation;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.CandidateBlockBuilder;
import io.fisherselect.math.select.MethodPlans;
import io.fisherselect.math.select.PlanInputs;
import io.fisherselect.math.select.SelectionParams;
import io.fisherselect.math.select.TopK;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;

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

    /** Runs the selection and writes {@code config.out()}; returns what was written. */
    public Selection run(SelectConfig config) {
        OutputDirectory out = OutputDirectory.prepare(config.out(), config.overwrite(),
                spark.sparkContext().hadoopConfiguration());
        try {
            Selection s = select(config);
            StageTimer writeTimer = new StageTimer();
            SelectionWriter.writeSelection(spark, out, s);
            writeTimer.lap("write");
            Map<String, Double> timings = new LinkedHashMap<>(s.timings());
            timings.remove("total");
            timings.put("write", writeTimer.snapshot().get("write"));
            timings.put("total", s.timings().get("total") + timings.get("write"));
            // report.json is written last, so that it carries the write stage and the total
            Selection written = new Selection(s.config(), s.picks(), s.sizes(), timings);
            SelectionWriter.writeReport(out, written);
            out.commit();
            return written;
        } catch (RuntimeException | java.io.IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.out() + " failed: " + e.getMessage(), e);
        }
    }

    /** A validated input set: its rows (cached), its shape and whether it has labels. */
    private record LoadedSet(DataSet set, JavaRDD<Item> items, SetValidator.Shape shape, boolean hasLabel) {
    }

    private LoadedSet load(DataSet set, String path, SelectConfig config, boolean needLabel, int partitions) {
        JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription("read and validate " + set);
        boolean regression = config.params().likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        ItemReader reader = new ItemReader(spark, config.columns());
        ItemReader.ReadSet rs = reader.open(set, path, config.format(),
                new ItemReader.Needs(true, !regression, needLabel));
        JavaRDD<Item> items = reader.items(rs, regression);
        if (partitions > 0) {
            items = items.repartition(partitions);
        }
        items = items.persist(StorageLevel.MEMORY_AND_DISK());
        SetValidator validator = new SetValidator(config.columns(), config.renormalize()
                ? Double.POSITIVE_INFINITY : config.probabilityTolerance());
        SetValidator.Shape shape = validator.validate(set, items, !regression, needLabel);
        return new LoadedSet(set, items, shape, rs.hasLabel());
    }

    /** Every set must match the pool's embedding length and C. */
    private static void checkCompatible(LoadedSet s, SetValidator.Shape pool, SelectConfig config) {
        if (s.shape().embeddingLength() != pool.embeddingLength()) {
            throw InputException.at(s.set(), config.columns().embedding(), null, "embedding length "
                    + s.shape().embeddingLength() + " differs from the pool's " + pool.embeddingLength());
        }
        if (s.shape().classes() != pool.classes()) {
            throw InputException.at(s.set(), config.columns().probs(), null, "has C = "
                    + s.shape().classes() + " classes but the pool has C = " + pool.classes());
        }
    }

    private Selection select(SelectConfig config) {
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SelectionParams params = config.params();
        AcquisitionMethod method = params.method();
        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;

        LoadedSet pool = load(DataSet.POOL, config.pool(), config, method.needsLabels(), config.partitions());
        if (params.k() > pool.shape().count()) {
            throw new InputException("k = " + params.k() + " is larger than the pool (" + pool.shape().count()
                    + " items)");
        }
        List<LoadedSet> others = new ArrayList<>();
        LoadedSet labeled = null;
        if (config.labeled() != null) {
            if (method.usesLabeledSet()) {
                labeled = load(DataSet.LABELED, config.labeled(), config, false, 0);
                others.add(labeled);
            } else {
                LOG.warn("{} does not use the labeled set; --labeled {} is ignored", method.cliName(), config.labeled());
            }
        }
        LoadedSet eval = null;
        if (config.eval() != null) {
            if (method == AcquisitionMethod.EPIG_LOGDET) {
                eval = load(DataSet.EVAL, config.eval(), config, false, 0);
                others.add(eval);
            } else {
                LOG.warn("{} does not use an eval set; --eval {} is ignored", method.cliName(), config.eval());
            }
        }
        LoadedSet query = method.needsQuerySet() ? load(DataSet.QUERY, config.query(), config, false, 0) : null;
        LoadedSet priv = method.needsPrivateSet() ? load(DataSet.PRIVATE, config.privateSet(), config, false, 0) : null;
        if (query != null) {
            others.add(query);
        }
        if (priv != null) {
            others.add(priv);
        }
        for (LoadedSet s : others) {
            checkCompatible(s, pool.shape(), config);
        }
        timer.lap("read");

        int c = regression ? 1 : pool.shape().classes();
        int rawD = pool.shape().embeddingLength();
        FactorSpec spec = params.factorSpec();
        int d = spec.embeddingLength(rawD);
        int r = spec.columns(c);
        PlanInputs inputs = PlanInputs.shape(d, c, r);
        java.util.Set<MethodPlans.Reduction> needs = MethodPlans.needs(method, labeled != null, eval != null);
        if (needs.contains(MethodPlans.Reduction.LABELED_FISHER)) {
            sc.setJobDescription("aggregate labeled Fisher");
            inputs = inputs.withLabeled(FisherAggregation.sum(labeled.items(), labeled.shape().count(),
                    params.fisherSpec(), c, rawD), labeled.shape().count());
        }
        if (needs.contains(MethodPlans.Reduction.POOL_FISHER)) {
            sc.setJobDescription("aggregate pool Fisher");
            inputs = inputs.withPool(FisherAggregation.sum(pool.items(), pool.shape().count(), params.fisherSpec(),
                    c, rawD), pool.shape().count());
        }
        if (eval != null) {
            sc.setJobDescription("aggregate eval Fisher");
            DMatrixRMaj mean = FisherAggregation.sum(eval.items(), eval.shape().count(), params.fisherSpec(), c, rawD);
            org.ejml.dense.row.CommonOps_DDRM.scale(1.0 / eval.shape().count(), mean);
            inputs = inputs.withEval(mean);
        }
        if (query != null) {
            inputs = inputs.withReferenceSets(referenceBlock(query, params, c, rawD),
                    priv == null ? null : referenceBlock(priv, params, c, rawD));
        }
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(pool.items(), spec, c, rawD)
                .persist(StorageLevel.MEMORY_AND_DISK());
        sc.setJobDescription("build candidate blocks");
        blocks.count();
        pool.items().unpersist(false);
        for (LoadedSet s : others) {
            s.items().unpersist(false);
        }
        timer.lap("aggregate");

        List<Selection.Picked> picks = new ArrayList<>();
        String label = method.cliName();
        if (method.kind() == AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> top = params.sampling() == null
                    ? DistributedTopK.select(sc, blocks, MethodPlans.score(params, inputs), params.k(), label)
                    : DistributedSampledTopK.select(sc, blocks, MethodPlans.score(params, inputs), params, label);
            for (TopK.Scored s : top) {
                picks.add(new Selection.Picked(picks.size() + 1, s.id(), s.score(), 0.0));
            }
        } else {
            DistributedGreedy greedy = new DistributedGreedy(sc, config.checkpointEvery(),
                    sc.getCheckpointDir().isPresent());
            for (DistributedGreedy.Timed t : greedy.select(blocks, MethodPlans.greedy(params, inputs), params.k(),
                    label)) {
                picks.add(new Selection.Picked(picks.size() + 1, t.pick().id, t.pick().gain, t.seconds()));
            }
        }
        blocks.unpersist(false);
        timer.lap("select");
        LOG.info("{}: selected {} of {} items", label, picks.size(), pool.shape().count());

        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("pool", pool.shape().count());
        sizes.put("labeled", labeled == null ? 0L : labeled.shape().count());
        if (eval != null) {
            sizes.put("eval", eval.shape().count());
        }
        if (query != null) {
            sizes.put("query", query.shape().count());
        }
        if (priv != null) {
            sizes.put("private", priv.shape().count());
        }
        sizes.put("d", (long) d);
        sizes.put("C", (long) c);
        sizes.put("D", (long) c * d);
        sizes.put("r", (long) r);
        return new Selection(config, picks, sizes, timer.snapshot());
    }

    /**
     * A query or private set on the driver as gradient embeddings: with the true label when the
     * set has one (the published SIMILAR code does the same), else the hard pseudo-label.
     */
    private static CandidateBlock referenceBlock(LoadedSet s, SelectionParams p, int c, int rawD) {
        FactorSpec.Kind kind = s.hasLabel() ? FactorSpec.Kind.LABEL_GRADIENT : FactorSpec.Kind.PSEUDO_LABEL_GRADIENT;
        FactorSpec spec = new FactorSpec(kind, p.likelihood(), 0, p.noiseVariance(), p.bias());
        List<Item> items = new ArrayList<>(s.items().collect());
        items.sort((a, b) -> a.id().compareTo(b.id()));
        CandidateBlockBuilder b = new CandidateBlockBuilder(spec, c);
        for (Item it : items) {
            if (s.hasLabel() && (it.label() < 0 || it.label() >= c)) {
                throw InputException.at(s.set(), "label", it.id(), "label " + it.target()
                        + " is not a class index in 0.." + (c - 1));
            }
            b.add(it.id(), it.embedding(), CandidateBlocks.normalized(it.probs()), it.label());
        }
        return b.build(rawD);
    }
}
