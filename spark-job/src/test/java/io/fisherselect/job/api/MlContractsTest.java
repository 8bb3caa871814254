package io.fisherselect.job.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fisherselect.job.LocalSpark;
import io.fisherselect.job.TestSet;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's stages keep Spark ML's contracts: a Transformer (the selector, a fitted scorer)
 * returns every input row (with columns appended), and the selector, the scorer (an Estimator)
 * and its model save and load inside a Pipeline / PipelineModel with every param intact.
 */
class MlContractsTest {
    @TempDir
    Path dir;

    private static SparkSession spark() {
        return LocalSpark.session();
    }

    /** Every param of {@code loaded} has the value it has in {@code saved} (set or default). */
    private static void assertSameParams(Params saved, Params loaded) {
        assertEquals(saved.uid(), loaded.uid());
        assertEquals(saved.params().length, loaded.params().length);
        for (Param<?> p : saved.params()) {
            Param<?> q = loaded.getParam(p.name());
            assertEquals(saved.getOrDefault(p), loaded.getOrDefault(q), p.name());
            assertEquals(saved.isSet(p), loaded.isSet(q), p.name() + " set");
        }
    }

    @Test
    void transformersKeepTheirInputRows() throws Exception {
        Dataset<Row> pool = spark().read().json(TestSet.classification(901, "p", 45, 4, 3, false)
                .writeJsonl(dir, "pool")).repartition(3);
        Dataset<Row> labeled = spark().read().json(TestSet.classification(902, "l", 10, 4, 3, true)
                .writeJsonl(dir, "labeled"));
        List<Transformer> stages = List.of(
                new FisherSelector().setMethod("eig-logdet").setK(4).setLabeled(labeled),
                new FisherSelector().setMethod("entropy").setK(6),
                new FisherScorer(new FisherScorerParams().setMethod("eig-trace")).fit(labeled),
                new FisherScorer(new FisherScorerParams().setMethod("margin").setOutputCol("m")).fit(pool.limit(0)));
        for (Transformer t : stages) {
            Dataset<Row> out = t.transform(pool);
            assertEquals(45L, out.count(), t.uid() + " keeps the pool's row count");
            assertEquals(pool.schema().size() + (t instanceof FisherSelector ? 2 : 1), out.schema().size());
            assertEquals(t.transformSchema(pool.schema()), out.schema());
        }
    }

    @Test
    void stagesSaveAndLoadInAPipeline() throws Exception {
        FisherSelector selector = new FisherSelector().setMethod("logdet-mi").setK(7).setEta(0.5)
                .setKernel("cosine").setMode("partitioned").setPartitionK(3).setIdCol("item").setFitLastLayer(true)
                .setProbTolerance(1e-3);
        FisherScorer scorer = new FisherScorer(new FisherScorerParams().setMethod("epig-logdet").setLambda(0.25)
                .setFisherRank(2).setOutputCol("epig"));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scorer, selector});
        String path = dir.resolve("pipeline").toString();
        pipeline.write().overwrite().save(path);
        Pipeline loaded = Pipeline.load(path);
        PipelineStage[] stages = loaded.getStages();
        assertEquals(2, stages.length);
        assertTrue(stages[0] instanceof FisherScorer, stages[0].getClass().getName());
        assertTrue(stages[1] instanceof FisherSelector, stages[1].getClass().getName());
        assertNotSame(selector, stages[1]);
        assertSameParams(scorer, stages[0]);
        assertSameParams(selector, stages[1]);

        // a fitted pipeline (the scorer's model and the selector), and each stage on its own
        Dataset<Row> labeled = spark().read().json(TestSet.classification(903, "l", 10, 4, 3, true)
                .writeJsonl(dir, "labeled"));
        FisherScorerModel fitted = scorer.fit(labeled);
        PipelineModel model = new PipelineModel("fitted", new Transformer[] {fitted, selector});
        String modelPath = dir.resolve("model").toString();
        model.write().overwrite().save(modelPath);
        PipelineModel back = PipelineModel.load(modelPath);
        assertTrue(back.stages()[0] instanceof FisherScorerModel, back.stages()[0].getClass().getName());
        assertSameParams(fitted, back.stages()[0]);
        assertSameParams(scorer, back.stages()[0]);
        assertSameParams(selector, back.stages()[1]);
        selector.write().overwrite().save(dir.resolve("selector").toString());
        assertSameParams(selector, FisherSelector.load(dir.resolve("selector").toString()));
        scorer.write().overwrite().save(dir.resolve("scorer").toString());
        assertSameParams(scorer, FisherScorer.load(dir.resolve("scorer").toString()));
    }
}
