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
import io.fisherselect.job.stage.DistributedTopK;
import io.fisherselect.job.stage.FisherAggregation;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.select.CandidateBlock;
import io.fisherselect.math.select.MethodPlans;
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
            SelectionWriter.write(spark, out, s);
            out.commit();
            writeTimer.lap("write");
            Map<String, Double> timings = new LinkedHashMap<>(s.timings());
            timings.put("write", writeTimer.snapshot().get("write"));
            timings.put("total", s.timings().get("total") + timings.get("write"));
            return new Selection(s.config(), s.picks(), s.sizes(), timings);
        } catch (RuntimeException | java.io.IOException e) {
            out.abort();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("writing " + config.out() + " failed: " + e.getMessage(), e);
        }
    }

    private Selection select(SelectConfig config) {
        StageTimer timer = new StageTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SelectionParams params = config.params();
        AcquisitionMethod method = params.method();
        boolean regression = params.likelihood() == FactorSpec.Likelihood.GAUSSIAN;
        ItemReader reader = new ItemReader(spark, config.columns());
        SetValidator validator = new SetValidator(config.columns(), config.renormalize()
                ? Double.POSITIVE_INFINITY : config.probabilityTolerance());

        sc.setJobDescription("read and validate pool");
        ItemReader.ReadSet poolSet = reader.open(DataSet.POOL, config.pool(), config.format(),
                new ItemReader.Needs(true, !regression, false));
        ItemReader.ReadSet labeledSet = config.labeled() == null ? null : reader.open(DataSet.LABELED,
                config.labeled(), config.format(), new ItemReader.Needs(true, !regression, false));
        JavaRDD<Item> poolItems = reader.items(poolSet, regression);
        if (config.partitions() > 0) {
            poolItems = poolItems.repartition(config.partitions());
        }
        poolItems = poolItems.persist(StorageLevel.MEMORY_AND_DISK());
        SetValidator.Shape pool = validator.validate(DataSet.POOL, poolItems, !regression, false);
        SetValidator.Shape labeled = null;
        JavaRDD<Item> labeledItems = null;
        if (labeledSet != null) {
            sc.setJobDescription("read and validate labeled set");
            labeledItems = reader.items(labeledSet, regression).persist(StorageLevel.MEMORY_AND_DISK());
            labeled = validator.validate(DataSet.LABELED, labeledItems, !regression, false);
            if (labeled.embeddingLength() != pool.embeddingLength()) {
                throw InputException.at(DataSet.LABELED, config.columns().embedding(), null, "embedding length "
                        + labeled.embeddingLength() + " differs from the pool's " + pool.embeddingLength());
            }
            if (labeled.classes() != pool.classes()) {
                throw InputException.at(DataSet.LABELED, config.columns().probs(), null, "has C = "
                        + labeled.classes() + " classes but the pool has C = " + pool.classes());
            }
        }
        if (params.k() > pool.count()) {
            throw new InputException("k = " + params.k() + " is larger than the pool (" + pool.count() + " items)");
        }
        timer.lap("read");

        int c = regression ? 1 : pool.classes();
        int rawD = pool.embeddingLength();
        FactorSpec spec = params.factorSpec();
        int d = spec.embeddingLength(rawD);
        int r = spec.columns(c);
        DMatrixRMaj labeledFisher = null;
        if (labeledItems != null && method.usesLabeledSet()) {
            sc.setJobDescription("aggregate labeled Fisher");
            labeledFisher = FisherAggregation.sum(labeledItems, labeled.count(),
                    new FactorSpec(FactorSpec.Kind.FISHER, params.likelihood(), params.fisherRank(),
                            params.noiseVariance(), params.bias()), c, rawD);
        }
        JavaRDD<CandidateBlock> blocks = CandidateBlocks.of(poolItems, spec, c, rawD)
                .persist(StorageLevel.MEMORY_AND_DISK());
        sc.setJobDescription("build candidate blocks");
        blocks.count();
        poolItems.unpersist(false);
        if (labeledItems != null) {
            labeledItems.unpersist(false);
        }
        timer.lap("aggregate");

        List<Selection.Picked> picks = new ArrayList<>();
        String label = method.cliName();
        if (method.kind() == AcquisitionMethod.Kind.TOP_K) {
            List<TopK.Scored> top = DistributedTopK.select(sc, blocks,
                    MethodPlans.score(params, labeledFisher, d, c, r), params.k(), label);
            for (TopK.Scored s : top) {
                picks.add(new Selection.Picked(picks.size() + 1, s.id(), s.score(), 0.0));
            }
        } else {
            DistributedGreedy greedy = new DistributedGreedy(sc, config.checkpointEvery(),
                    sc.getCheckpointDir().isPresent());
            for (DistributedGreedy.Timed t : greedy.select(blocks, MethodPlans.greedy(params, labeledFisher, d, c, r),
                    params.k(), label)) {
                picks.add(new Selection.Picked(picks.size() + 1, t.pick().id, t.pick().gain, t.seconds()));
            }
        }
        blocks.unpersist(false);
        timer.lap("select");
        LOG.info("{}: selected {} of {} items", label, picks.size(), pool.count());

        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("pool", pool.count());
        sizes.put("labeled", labeled == null ? 0L : labeled.count());
        sizes.put("d", (long) d);
        sizes.put("C", (long) c);
        sizes.put("D", (long) c * d);
        sizes.put("r", (long) r);
        return new Selection(config, picks, sizes, timer.snapshot());
    }
}
