package io.fisherselect.job.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import io.fisherselect.job.io.InputException;
import io.fisherselect.job.score.ScoreConfig;
import io.fisherselect.job.score.ScoreJob;
import io.fisherselect.math.AcquisitionMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fitted scorer's column equals the {@code score} job's ({@link ScoreJob}) for top-k scores
 * and the single-item gains of the greedy log-dets, bit for bit — fitted on a labeled set, on an
 * empty frame (H = λI, the job without {@code --labeled}), with an eval set, after a save/load
 * round trip without the labeled set, and inside a saved and loaded {@link PipelineModel}; it
 * keeps the pool's rows and columns; its params validate.
 */
class FisherScorerTest {
    private static final double LAMBDA = 0.5;
    private static final long SEED = 3;
    /** a seeded score, a score with the prior, a log-det single-item gain, a gradient kernel, true labels */
    private static final List<AcquisitionMethod> METHODS = List.of(AcquisitionMethod.RANDOM,
            AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EIG_LOGDET, AcquisitionMethod.LOGDET,
            AcquisitionMethod.GRAND);

    @TempDir
    static Path dir;

    private static String poolPath;
    private static String labeledPath;
    private static String evalPath;
    /** the score job's columns by method name: with the labeled set, and without */
    private static Dataset<Row> withLabeled;
    private static Dataset<Row> withoutLabeled;

    @BeforeAll
    static void sets() throws IOException {
        poolPath = TestSet.classification(401, "p", 70, 4, 3, true).writeJsonl(dir, "pool");
        labeledPath = TestSet.classification(402, "l", 15, 4, 3, true).writeJsonl(dir, "labeled");
        evalPath = TestSet.classification(403, "e", 12, 4, 3, false).writeJsonl(dir, "eval");
        withLabeled = scoreJob(labeledPath, "scores-labeled");
        withoutLabeled = scoreJob(null, "scores-unlabeled");
    }

    private static Dataset<Row> scoreJob(String labeled, String name) {
        String out = dir.resolve(name).toString();
        new ScoreJob(spark()).run(ScoreConfig.of(poolPath, labeled, METHODS, out)
                .withParams(new FisherScorerParams().setLambda(LAMBDA).setSeed(SEED)));
        return spark().read().parquet(out + "/" + ScoreJob.SCORES);
    }

    private static SparkSession spark() {
        return LocalSpark.session();
    }

    private static Dataset<Row> pool() {
        return spark().read().json(poolPath);
    }

    private static Dataset<Row> labeled() {
        return spark().read().json(labeledPath);
    }

    private static FisherScorer scorer(AcquisitionMethod m) {
        return new FisherScorer(new FisherScorerParams().setMethod(m.cliName()).setLambda(LAMBDA).setSeed(SEED)
                .setOutputCol("s"));
    }

    @Test
    void defaultsAndValidation() {
        FisherScorer s = new FisherScorer();
        FisherScorerParams p = s.scorerParams();
        assertEquals(s.uid(), p.uid());
        assertEquals("eig-logdet", p.getMethod());
        assertEquals("score", p.getOutputCol());
        assertEquals(1.0, p.getLambda());
        assertEquals(1, p.selectionParams().k());
        // the estimator's Spark ML params are the declared ones, set through either
        assertEquals(p.params().length, s.params().length);
        assertTrue(Arrays.stream(s.params()).anyMatch(q -> q.name().equals("outputCol")));
        p.setLambda(0.25);
        assertEquals(0.25, s.getOrDefault(s.getParam("lambda")));
        s.set(s.getParam("lambda"), 2.0);
        assertEquals(2.0, p.getLambda());
        assertTrue(s.explainParams().contains("fisherRank"));
        String bait = assertThrows(IllegalArgumentException.class, () -> p.setMethod("bait")).getMessage();
        assertTrue(bait.contains("has no per-item score") && bait.contains("valid methods for score"), bait);
        assertThrows(IllegalArgumentException.class, () -> p.setMethod("entropy,egl"));
        assertThrows(IllegalArgumentException.class, () -> p.setOutputCol(""));
        assertEquals("eig-logdet", p.getMethod());
        assertThrows(UnsupportedOperationException.class, () -> p.transform(pool()));
        String side = assertThrows(IllegalArgumentException.class,
                () -> new FisherScorer(new FisherScorerParams().setLabeled(pool())).fit(pool())).getMessage();
        assertTrue(side.contains("fit(labeled)"), side);

        Dataset<Row> pool = pool();
        assertThrows(IllegalArgumentException.class, () -> {
            p.setOutputCol("probs");
            s.transformSchema(pool.schema());
        });
        p.setOutputCol("eig");
        StructField added = s.transformSchema(pool.schema()).apply("eig");
        assertEquals(DataTypes.DoubleType, added.dataType());
        assertFalse(added.nullable());

        // a copy has the same uid and values, and is independent
        FisherScorer copy = s.copy(new org.apache.spark.ml.param.ParamMap().put(s.getParam("seed"), 9L));
        assertEquals(s.uid(), copy.uid());
        assertEquals(9L, copy.scorerParams().getSeed());
        assertEquals(0L, p.getSeed());
    }

    @Test
    void modelColumnEqualsTheScoreJob() {
        Dataset<Row> pool = pool();
        List<Row> poolRows = pool.collectAsList();
        for (AcquisitionMethod m : METHODS) {
            FisherScorerModel model = scorer(m).fit(labeled());
            List<Row> rows = model.transform(pool).collectAsList();
            assertScoresEqual(column(withLabeled, m.cliName()), rows, m.cliName());
            // the pool's rows in their order, with all their columns, plus the score
            assertEquals(poolRows.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                for (int f = 0; f < pool.schema().size(); f++) {
                    assertEquals(poolRows.get(i).get(f), rows.get(i).get(f), m.cliName() + " row " + i);
                }
            }
        }
    }

    @Test
    void anEmptyLabeledFrameIsHEqualsLambdaI() {
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EIG_LOGDET)) {
            FisherScorerModel model = scorer(m).fit(pool().limit(0));
            assertEquals(0L, model.labeledCount());
            assertNull(model.fitted().labeledFisherSum());
            Map<String, Double> expected = column(withoutLabeled, m.cliName());
            assertScoresEqual(expected, model.transform(pool()).collectAsList(), m.cliName() + " without labeled");
            assertNotEquals(column(withLabeled, m.cliName()), expected, m.cliName() + ": the labeled set matters");
        }
    }

    @Test
    void epigWithAnEvalSetAndRepartitioning() throws IOException {
        String out = dir.resolve("scores-epig").toString();
        ScoreConfig c = ScoreConfig.of(poolPath, labeledPath, List.of(AcquisitionMethod.EPIG_LOGDET), out)
                .withParams(new FisherScorerParams().setLambda(LAMBDA));
        c = c.withRun(c.run().withReferenceSets(evalPath, null, null));
        new ScoreJob(spark()).run(c);
        FisherScorerParams p = new FisherScorerParams().setMethod("epig-logdet").setLambda(LAMBDA)
                .setEval(spark().read().json(evalPath)).setPartitions(4).setOutputCol("epig");
        FisherScorerModel model = new FisherScorer(p).fit(labeled());
        Dataset<Row> scored = model.transform(pool());
        assertEquals(4, scored.javaRDD().getNumPartitions());
        Map<String, Double> expected = column(spark().read().parquet(out + "/" + ScoreJob.SCORES), "epig-logdet");
        assertScoresEqual(expected, scored.collectAsList(), "epig-logdet with an eval set");

        // the eval set's mean Fisher is saved with the model
        String path = dir.resolve("epig-model").toString();
        model.write().overwrite().save(path);
        assertScoresEqual(expected, FisherScorerModel.load(path).transform(pool()).collectAsList(),
                "loaded epig-logdet with an eval set");
    }

    @Test
    void aLoadedModelScoresWithoutTheLabeledSet() throws IOException {
        for (AcquisitionMethod m : List.of(AcquisitionMethod.EIG_TRACE, AcquisitionMethod.EIG_LOGDET)) {
            FisherScorerModel model = scorer(m).fit(labeled());
            String path = dir.resolve("model-" + m.cliName()).toString();
            model.write().overwrite().save(path);
            FisherScorerModel loaded = FisherScorerModel.load(path);
            assertEquals(model.uid(), loaded.uid());
            assertEquals(15L, loaded.labeledCount());
            assertArrayEquals(model.fitted().labeledFisherSum().data, loaded.fitted().labeledFisherSum().data);
            for (var p : model.params()) {
                assertEquals(model.getOrDefault(p), loaded.getOrDefault(loaded.getParam(p.name())), p.name());
                assertEquals(model.isSet(p), loaded.isSet(loaded.getParam(p.name())), p.name() + " set");
            }
            assertScoresEqual(column(withLabeled, m.cliName()), loaded.transform(pool()).collectAsList(),
                    "loaded " + m.cliName());
        }
    }

    @Test
    void aFittedPipelineSavesAndLoads() throws IOException {
        FisherScorer scorer = scorer(AcquisitionMethod.EIG_LOGDET);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scorer});
        PipelineModel fitted = pipeline.fit(labeled());
        assertTrue(fitted.stages()[0] instanceof FisherScorerModel);
        assertSame(scorer, ((FisherScorerModel) fitted.stages()[0]).parent());
        String path = dir.resolve("fitted-pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel back = PipelineModel.load(path);
        assertTrue(back.stages()[0] instanceof FisherScorerModel, back.stages()[0].getClass().getName());
        List<Row> rows = back.transform(pool()).collectAsList();
        assertEquals(70, rows.size());
        assertScoresEqual(column(withLabeled, "eig-logdet"), rows, "eig-logdet in a loaded pipeline model");
    }

    @Test
    void aPoolOfAnotherShapeIsRefused() throws IOException {
        FisherScorerModel model = scorer(AcquisitionMethod.EIG_TRACE).fit(labeled());
        Dataset<Row> wide = spark().read().json(TestSet.classification(404, "w", 10, 5, 3, false)
                .writeJsonl(dir, "wide"));
        String msg = assertThrows(InputException.class, () -> model.transform(wide).count()).getMessage();
        assertTrue(msg.contains("pool") && msg.contains("embedding") && msg.contains("fitted"), msg);
    }

    private static Map<String, Double> column(Dataset<Row> scores, String name) {
        Map<String, Double> out = new HashMap<>();
        for (Row r : scores.collectAsList()) {
            out.put(r.getString(r.fieldIndex("id")), r.getDouble(r.fieldIndex(name)));
        }
        return out;
    }

    /** The model's column (the rows' last field) by id equals the job's, bit for bit (Double.equals). */
    private static void assertScoresEqual(Map<String, Double> expected, List<Row> scored, String what) {
        Map<String, Double> got = new HashMap<>();
        for (Row r : scored) {
            got.put(r.getString(r.fieldIndex("id")), r.getDouble(r.length() - 1));
        }
        assertEquals(expected, got, what);
    }
}
