package io.fisherselect.job.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.select.RunOptions;
import io.fisherselect.job.select.SelectConfig;
import io.fisherselect.job.Selectors;
import io.fisherselect.job.select.Selection;
import io.fisherselect.job.select.SelectionJob;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.report.SelectionWriter;
import io.fisherselect.math.AcquisitionMethod;
import io.fisherselect.math.fisher.FactorSpec;
import io.fisherselect.math.sample.StochasticAcquisition;
import io.fisherselect.math.method.Kernel;
import io.fisherselect.math.plan.SelectionParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector's params (defaults as the command line's, validation on set, Spark ML's param
 * machinery: names, explain, copy) and its selections: on DataFrames, with renamed columns, the
 * same picks and gains (bit for bit) as {@link SelectionJob} on the same rows read from a path,
 * for a greedy method with a labeled set, LogDetMI with a query set, a sampled top-k score and
 * BADGE; {@code transform} is {@code select}.
 */
class FisherSelectorTest {
    @TempDir
    static Path dir;

    private static String poolPath;
    private static String labeledPath;
    private static String queryPath;

    @BeforeAll
    static void sets() throws IOException {
        poolPath = TestSet.classification(301, "p", 90, 5, 4, true).writeJsonl(dir, "pool");
        labeledPath = TestSet.classification(302, "l", 20, 5, 4, true).writeJsonl(dir, "labeled");
        queryPath = TestSet.classification(303, "q", 6, 5, 4, false).writeJsonl(dir, "query");
    }

    private static SparkSession spark() {
        return LocalSpark.session();
    }

    @Test
    void defaultsAreTheCommandLines() {
        FisherSelector s = new FisherSelector();
        assertEquals("eig-logdet", s.getMethod());
        assertEquals(10, s.getK());
        assertEquals(1.0, s.getLambda());
        assertEquals(0L, s.getSeed());
        assertEquals("softmax", s.getLikelihood());
        assertEquals(1.0, s.getNoise());
        assertEquals(0, s.getFisherRank());
        assertEquals(false, s.getBias());
        assertEquals("dot", s.getKernel());
        assertEquals(1.0, s.getEta());
        assertEquals(1.0, s.getNu());
        assertEquals("none", s.getSampling());
        assertEquals(1.0, s.getBeta());
        assertEquals(10, s.getCheckpointEvery());
        assertEquals(50, s.getRefactorEvery());
        assertEquals(0, s.setRefactorEvery(0).getRefactorEvery());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.setRefactorEvery(-1));
        s.setRefactorEvery(50);
        assertEquals(0, s.getPartitions());
        assertEquals(1e-4, s.getProbTolerance());
        assertEquals(false, s.getRenormalize());
        assertEquals(List.of("id", "embedding", "probs", "logits", "label"), List.of(s.getIdCol(),
                s.getEmbeddingCol(), s.getProbsCol(), s.getLogitsCol(), s.getLabelCol()));
        assertEquals(SelectionParams.of(AcquisitionMethod.EIG_LOGDET, 10), s.selectionParams());
    }

    @Test
    void sparkSeesEveryParam() {
        FisherSelector s = new FisherSelector();
        Set<String> names = new TreeSet<>();
        for (Param<?> p : s.params()) {
            names.add(p.name());
        }
        assertEquals(new TreeSet<>(List.of("method", "k", "lambda", "seed", "idCol", "embeddingCol", "probsCol",
                "logitsCol", "labelCol", "fisherRank", "bias", "likelihood", "noise", "kernel", "eta", "nu",
                "sampling", "beta", "checkpointEvery", "refactorEvery", "partitions", "probTolerance", "renormalize", "mode", "partitionK",
                "candidates", "prefilterScore", "init", "kmeansRounds", "oversampling", "evalSample", "fisher",
                "sketch", "approximation", "fitLastLayer", "classes", "fitMaxIter", "fitIntercept", "partitionSize", "shrink",
                "stochasticEpsilon", "clustering", "clusters", "shortlist", "clusterDistance", "maxPerClass",
                "balance", "greedyOn")), names);
        String explained = s.explainParams();
        assertTrue(explained.contains("k: batch size"), explained);
        assertTrue(s.uid().startsWith("FisherSelector_"), s.uid());
        // the generic Params API reaches the same params
        s.set("k", 7);
        assertEquals(7, s.getK());
    }

    @Test
    void settersValidate() {
        FisherSelector s = new FisherSelector();
        List<Runnable> bad = List.of(() -> s.setK(0), () -> s.setLambda(0), () -> s.setLambda(Double.NaN),
                () -> s.setLambda(Double.POSITIVE_INFINITY), () -> s.setNoise(-1), () -> s.setFisherRank(-1),
                () -> s.setBeta(0), () -> s.setEta(Double.NaN), () -> s.setNu(Double.NEGATIVE_INFINITY),
                () -> s.setCheckpointEvery(0), () -> s.setPartitions(-1), () -> s.setProbTolerance(-1e-9),
                () -> s.setIdCol(" "), () -> s.setEmbeddingCol(null), () -> s.setMaxPerClass(-1));
        for (Runnable r : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().startsWith("invalid "), e.getMessage());
        }
        assertEquals("unknown method 'eig-logdt' (did you mean 'eig-logdet'?); valid methods: "
                + AcquisitionMethod.names(), assertThrows(IllegalArgumentException.class,
                () -> s.setMethod("eig-logdt")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.setLikelihood("poisson")).getMessage()
                .contains("valid: softmax, bernoulli, gaussian"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.setBalance("even")).getMessage()
                .contains("valid: none, uniform, proportional"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.setKernel("rbf")).getMessage()
                .contains("unknown kernel 'rbf'; valid: dot, cosine"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.setSampling("gibbs")).getMessage()
                .contains("valid: none, power, softmax, softrank"));
        // nothing invalid was stored
        assertEquals(new FisherSelector().extractParamMap().toSeq().size(), s.extractParamMap().toSeq().size());
        assertEquals(10, s.getK());
        assertEquals("eig-logdet", s.getMethod());

        // names are normalised; combinations are checked when the run's parameters are built
        s.setMethod(" EIG-Trace ").setKernel("COSINE").setLikelihood("Gaussian").setSampling("Power");
        assertEquals("eig-trace", s.getMethod());
        assertEquals("cosine", s.getKernel());
        assertEquals(new SelectionParams(AcquisitionMethod.EIG_TRACE, 10, 1.0, 0, FactorSpec.Likelihood.GAUSSIAN,
                1.0, 0, false, Kernel.COSINE, 1.0, 1.0, StochasticAcquisition.Mode.POWER, 1.0), s.selectionParams());
        s.setMethod("eig-logdet");
        assertTrue(assertThrows(IllegalArgumentException.class, s::selectionParams).getMessage()
                .contains("--sampling applies to top-k scores"));
        s.setSampling("none").setMethod("entropy");
        assertTrue(assertThrows(IllegalArgumentException.class, s::selectionParams).getMessage()
                .contains("entropy needs class probabilities"));
    }

    @Test
    void copyKeepsParamsAndSets() {
        Dataset<Row> labeled = spark().read().json(labeledPath);
        FisherSelector s = new FisherSelector().setMethod("bait").setK(4).setLabeled(labeled);
        FisherSelector c = s.copy(ParamMap.empty().put(s.k().w(6)));
        assertEquals(s.uid(), c.uid());
        assertEquals("bait", c.getMethod());
        assertEquals(6, c.getK());
        assertEquals(4, s.getK());
        assertSame(s.getLabeled(), c.getLabeled());
        assertNull(c.getQuery());
    }

    @Test
    void greedyWithALabeledSetEqualsTheJob() {
        FisherSelector s = new FisherSelector().setMethod("eig-logdet").setK(7).setLambda(0.5).setCheckpointEvery(3)
                .setPartitions(3);
        assertSameAsJob(s, spark().read().json(poolPath), spark().read().json(labeledPath), null,
                SelectConfig.of(poolPath, labeledPath, s, dir.resolve("job-eig").toString()));
    }

    @Test
    void renamedColumnsAndVectorsSelectTheSame() {
        // the sets as an application would hold them: other column names (the same in every set),
        // ML vectors
        UnaryOperator<Dataset<Row>> renamed = d -> {
            Dataset<Row> r = d.withColumnRenamed("id", "item").withColumnRenamed("probs", "p")
                    .withColumnRenamed("embedding", "phi").withColumnRenamed("label", "y");
            return r.withColumn("phi", org.apache.spark.ml.functions.array_to_vector(r.col("phi")));
        };
        Dataset<Row> pool = renamed.apply(spark().read().json(poolPath));
        assertEquals(DataTypes.StringType, pool.schema().apply("item").dataType());
        FisherSelector s = new FisherSelector().setMethod("bait").setK(5).setIdCol("item").setEmbeddingCol("phi")
                .setProbsCol("p").setLabelCol("y");
        assertSameAsJob(s, pool, renamed.apply(spark().read().json(labeledPath)), null,
                SelectConfig.of(poolPath, labeledPath, Selectors.of(s.selectionParams()),
                        dir.resolve("job-bait").toString()));
    }

    @Test
    void logdetMiWithAQuerySetEqualsTheJob() {
        FisherSelector s = new FisherSelector().setMethod("logdet-mi").setK(6).setEta(0.8).setKernel("cosine");
        assertThrows(IllegalArgumentException.class, () -> s.select(spark().read().json(poolPath), null));
        assertSameAsJob(s.setQuery(spark().read().json(queryPath)), spark().read().json(poolPath), null, null,
                new SelectConfig(RunOptions.ofPaths(poolPath, null, dir.resolve("job-mi").toString())
                        .withReferenceSets(null, queryPath, null), s));
    }

    @Test
    void sampledScoreAndBadgeEqualTheJob() {
        FisherSelector sampled = new FisherSelector().setMethod("entropy").setSampling("softrank").setBeta(2)
                .setK(8).setSeed(5);
        assertSameAsJob(sampled, spark().read().json(poolPath), null, null,
                SelectConfig.of(poolPath, null, sampled, dir.resolve("job-sr").toString()));
        FisherSelector badge = new FisherSelector().setMethod("badge").setK(6).setSeed(3);
        assertSameAsJob(badge, spark().read().json(poolPath), null, null,
                SelectConfig.of(poolPath, null, badge, dir.resolve("job-badge").toString()));
    }

    @Test
    void transformIsSelectWithTheSetsOfTheSetters() {
        Dataset<Row> pool = spark().read().json(poolPath);
        Dataset<Row> labeled = spark().read().json(labeledPath);
        FisherSelector s = new FisherSelector().setMethod("eig-trace").setK(5).setLabeled(labeled);
        Dataset<Row> t = s.transform(pool);
        assertEquals(s.transformSchema(pool.schema()), t.schema());
        assertEquals(List.of(pool.schema().fieldNames()).size() + 2, t.schema().size());
        // every pool row, the selected ones marked with the batch's rank and gain
        assertEquals(pool.count(), t.count());
        List<String> marked = new ArrayList<>();
        for (Row r : t.filter(t.col("rank").isNotNull()).orderBy("rank").collectAsList()) {
            marked.add(r.getInt(r.fieldIndex("rank")) + "," + r.getString(r.fieldIndex("id")) + ","
                    + r.getDouble(r.fieldIndex("gain")));
        }
        List<String> batch = new ArrayList<>();
        for (Row r : s.select(pool, labeled).collectAsList()) {
            batch.add(r.getInt(0) + "," + r.getString(1) + "," + r.getDouble(2));
        }
        assertEquals(batch, marked);
        assertThrows(IllegalArgumentException.class, () -> s.transformSchema(pool.drop("id").schema()));
        assertThrows(IllegalArgumentException.class, () -> s.transformSchema(t.schema()));
    }

    @Test
    void badInputNamesTheSetAndRow() {
        Dataset<Row> pool = spark().read().json(poolPath);
        String id = pool.orderBy("id").first().getString(pool.schema().fieldIndex("id"));
        Dataset<Row> dup = pool.union(pool.filter(pool.col("id").equalTo(id)));
        InputException e = assertThrows(InputException.class,
                () -> new FisherSelector().setMethod("entropy").setK(3).select(dup, null));
        assertTrue(e.getMessage().contains("pool") && e.getMessage().contains(id), e.getMessage());
        InputException k = assertThrows(InputException.class,
                () -> new FisherSelector().setMethod("entropy").setK(91).select(pool, null));
        assertTrue(k.getMessage().contains("larger than the pool"), k.getMessage());
    }

    /**
     * The selector on DataFrames and {@link SelectionJob} on the paths: the same rows, the same
     * gains bit for bit, and the API's rows are {@code rank, id, gain}.
     */
    private static void assertSameAsJob(FisherSelector s, Dataset<Row> pool, Dataset<Row> labeled,
                                        Dataset<Row> eval, SelectConfig job) {
        Dataset<Row> api = s.select(pool, labeled, eval, s.getQuery(), s.getPrivate());
        assertEquals(SelectionWriter.SCHEMA, api.schema());
        Selection expected = new SelectionJob(spark()).run(job);
        List<String> want = new ArrayList<>();
        for (Selection.Picked p : expected.picks()) {
            want.add(p.rank() + "," + p.id() + "," + p.gain());
        }
        List<String> got = new ArrayList<>();
        for (Row r : api.collectAsList()) {
            got.add(r.getInt(0) + "," + r.getString(1) + "," + r.getDouble(2));
        }
        assertEquals(want, got, s.getMethod());
        assertEquals(s.getK(), got.size());
    }
}
